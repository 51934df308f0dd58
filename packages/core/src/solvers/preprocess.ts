import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { applyColumnTransform, type ColumnTransform } from "../linalg/column-transform.ts";
import type { LinearModel } from "./types.ts";

/** How X and Y are centred and scaled before solving (always with training statistics). */
export interface PreprocessOptions {
  fitIntercept: boolean;
  /** Divide each voxel by its training standard deviation (ddof 0; constant voxels keep scale 1). */
  standardizeX: boolean;
  /** Divide each feature by its training standard deviation. */
  standardizeY: boolean;
}

/**
 * Centred/scaled Y: [n, D] (float64) and X: [n, p], with the statistics to undo it. X̃ is held as
 * the raw training rows plus a column transform: `x` (float64) is made on first access only, so
 * kernel solvers that form X̃ X̃ᵀ through the backend never copy X (118 MB at the Kay shape).
 */
export interface Preprocessed {
  /** X̃: [n, p] float64, materialised on first access. */
  readonly x: Matrix64;
  /** The raw training rows of X; X̃ = xTransform applied to them. */
  xRaw: Matrix32 | Matrix64;
  xTransform: ColumnTransform;
  y: Matrix64;
  xMean: Float64Array;
  xScale: Float64Array;
  yMean: Float64Array;
  yScale: Float64Array;
}

/** Column means of m (float64 sums in row order, unless the caller already has them). */
function columnMeans(m: Matrix32 | Matrix64, sums?: Float64Array): Float64Array {
  const { rows, cols, data } = m;
  let sum = sums?.slice();
  if (sum === undefined) {
    sum = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) sum[j]! += data[o + j]!;
    }
  }
  for (let j = 0; j < cols; j++) sum[j] = sum[j]! / rows;
  return sum;
}

/** Column standard deviations about `mean` (ddof 0). */
function columnStds(m: Matrix32 | Matrix64, mean: Float64Array): Float64Array {
  const { rows, cols, data } = m;
  const sq = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const d = data[o + j]! - mean[j]!;
      sq[j]! += d * d;
    }
  }
  return sq.map((v) => Math.sqrt(v / rows));
}

/** Rows `rows` of m as a new matrix of the same precision. */
function gatherRows<M extends Matrix32 | Matrix64>(m: M, rows: ArrayLike<number>): M {
  const out =
    m.data instanceof Float32Array
      ? new Float32Array(rows.length * m.cols)
      : new Float64Array(rows.length * m.cols);
  for (let t = 0; t < rows.length; t++)
    out.set(m.data.subarray(rows[t]! * m.cols, (rows[t]! + 1) * m.cols), t * m.cols);
  return { rows: rows.length, cols: m.cols, data: out } as M;
}

/** The centring shift and scale of m with its own statistics (scale 1 unless `scale`). */
function statistics(
  m: Matrix32 | Matrix64,
  fitIntercept: boolean,
  scale: boolean,
  sums?: Float64Array,
): { shift: Float64Array; factor: Float64Array } {
  const mean = columnMeans(m, sums);
  const shift = fitIntercept ? mean : new Float64Array(m.cols);
  if (!scale) return { shift, factor: new Float64Array(m.cols).fill(1) };
  const std = columnStds(m, mean);
  // Without an intercept the data are not centred, so scale by the root mean square instead.
  const spread = fitIntercept ? std : std.map((s, j) => Math.hypot(s, mean[j]!));
  return { shift, factor: spread.map((s) => (s > 0 ? s : 1)) };
}

/** The column transform (x - shift) / scale; parts that do nothing are left out. */
function toTransform(shift: Float64Array, scale: Float64Array): ColumnTransform {
  return {
    shift: shift.some((v) => v !== 0) ? shift : undefined,
    invScale: scale.some((v) => v !== 1) ? scale.map((v) => 1 / v) : undefined,
  };
}

/**
 * Centres (when fitting an intercept) and optionally scales the given rows (default: all) of X
 * and Y. `sums`: column sums of all rows of X and Y when the caller has them (from validation).
 */
export function preprocess(
  x: Matrix32 | Matrix64,
  y: Matrix32 | Matrix64,
  opts: PreprocessOptions,
  rows?: ArrayLike<number>,
  sums?: { x: Float64Array; y: Float64Array },
): Preprocessed {
  const xRaw = rows === undefined ? x : gatherRows(x, rows);
  const yRaw = rows === undefined ? y : gatherRows(y, rows);
  const all = rows === undefined ? sums : undefined;
  const xs = statistics(xRaw, opts.fitIntercept, opts.standardizeX, all?.x);
  const ys = statistics(yRaw, opts.fitIntercept, opts.standardizeY, all?.y);
  const xTransform = toTransform(xs.shift, xs.factor);
  let xDense: Matrix64 | undefined;
  return {
    get x() {
      return (xDense ??= applyColumnTransform(xRaw, xTransform));
    },
    xRaw,
    xTransform,
    y: applyColumnTransform(yRaw, toTransform(ys.shift, ys.factor)),
    xMean: xs.shift,
    xScale: xs.factor,
    yMean: ys.shift,
    yScale: ys.factor,
  };
}

/** Applies training statistics to other rows of X (held-out or test data; default: all rows). */
export function transformX(
  x: Matrix32 | Matrix64,
  prep: Pick<Preprocessed, "xTransform">,
  rows?: ArrayLike<number>,
): Matrix64 {
  return applyColumnTransform(rows === undefined ? x : gatherRows(x, rows), prep.xTransform);
}

/** What kernel solvers need of a preprocessed X̃: the raw rows with their transform, and X̃ itself. */
export type Design = Pick<Preprocessed, "x" | "xRaw" | "xTransform">;

/** A design that is already a float64 matrix (no transform). */
export function denseDesign(x: Matrix64): Design {
  return { x, xRaw: x, xTransform: {} };
}

/** X̃ X̃ᵀ: [n, n] from the raw rows (the backend transforms on the fly). */
export function trainingKernel(backend: LinalgBackend, design: Design): Matrix64 {
  return backend.gram(design.xRaw, design.xTransform);
}

/** transform(X_new) X̃ᵀ: [m, n], the kernel between new rows and the training rows. */
export function crossKernel(backend: LinalgBackend, prep: Design, xNew: Matrix32 | Matrix64): Matrix64 {
  return backend.crossGram(xNew, prep.xRaw, prep.xTransform);
}

/** Turns weights fitted on preprocessed data, w: [p, D], into a model in original units. */
export function toOriginalUnits(w: Matrix64, prep: Preprocessed): LinearModel {
  const { rows: p, cols: dd } = w;
  const coef = new Float64Array(p * dd);
  const intercept = Float64Array.from(prep.yMean);
  for (let j = 0; j < p; j++) {
    const inv = 1 / prep.xScale[j]!;
    const xm = prep.xMean[j]!;
    for (let d = 0; d < dd; d++) {
      const c = w.data[j * dd + d]! * prep.yScale[d]! * inv;
      coef[j * dd + d] = c;
      intercept[d] = intercept[d]! - xm * c;
    }
  }
  return { coef: { rows: p, cols: dd, data: coef }, intercept };
}
