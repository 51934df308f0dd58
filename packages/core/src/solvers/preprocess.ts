import type { Matrix32, Matrix64 } from "@neurotranslator/data/schema";
import type { LinearModel } from "./types.ts";

/** How X and Y are centred and scaled before solving (always with training statistics). */
export interface PreprocessOptions {
  fitIntercept: boolean;
  /** Divide each voxel by its training standard deviation (ddof 0; constant voxels keep scale 1). */
  standardizeX: boolean;
  /** Divide each feature by its training standard deviation. */
  standardizeY: boolean;
}

/** Centred/scaled float64 copies of X: [n, p] and Y: [n, D] and the statistics to undo it. */
export interface Preprocessed {
  x: Matrix64;
  y: Matrix64;
  xMean: Float64Array;
  xScale: Float64Array;
  yMean: Float64Array;
  yScale: Float64Array;
}

/** Column means and standard deviations (ddof 0) of m restricted to `rows` (all rows when undefined). */
function columnStats(m: Matrix32 | Matrix64, rows: ArrayLike<number>): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(m.cols);
  const sq = new Float64Array(m.cols);
  for (let t = 0; t < rows.length; t++) {
    const o = rows[t]! * m.cols;
    for (let j = 0; j < m.cols; j++) mean[j] = mean[j]! + m.data[o + j]!;
  }
  for (let j = 0; j < m.cols; j++) mean[j] = mean[j]! / rows.length;
  for (let t = 0; t < rows.length; t++) {
    const o = rows[t]! * m.cols;
    for (let j = 0; j < m.cols; j++) {
      const dlt = m.data[o + j]! - mean[j]!;
      sq[j] = sq[j]! + dlt * dlt;
    }
  }
  const std = sq.map((s) => Math.sqrt(s / rows.length));
  return { mean, std };
}

function transform(m: Matrix32 | Matrix64, rows: ArrayLike<number>, mean: Float64Array, scale: Float64Array): Matrix64 {
  const out = new Float64Array(rows.length * m.cols);
  for (let t = 0; t < rows.length; t++) {
    const o = rows[t]! * m.cols;
    const to = t * m.cols;
    for (let j = 0; j < m.cols; j++) out[to + j] = (m.data[o + j]! - mean[j]!) / scale[j]!;
  }
  return { rows: rows.length, cols: m.cols, data: out };
}

function scales(std: Float64Array, on: boolean): Float64Array {
  return on ? std.map((s) => (s > 0 ? s : 1)) : new Float64Array(std.length).fill(1);
}

/** All row indices 0..n-1. */
export function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Centres (when fitting an intercept) and optionally scales the given rows of X and Y. */
export function preprocess(x: Matrix32 | Matrix64, y: Matrix32 | Matrix64, opts: PreprocessOptions, rows: ArrayLike<number> = allRows(x.rows)): Preprocessed {
  const xs = columnStats(x, rows);
  const ys = columnStats(y, rows);
  const xMean = opts.fitIntercept ? xs.mean : new Float64Array(x.cols);
  const yMean = opts.fitIntercept ? ys.mean : new Float64Array(y.cols);
  // Without an intercept the data are not centred, so scale by the root mean square instead.
  const xStd = opts.fitIntercept ? xs.std : xs.std.map((s, j) => Math.hypot(s, xs.mean[j]!));
  const yStd = opts.fitIntercept ? ys.std : ys.std.map((s, j) => Math.hypot(s, ys.mean[j]!));
  const xScale = scales(xStd, opts.standardizeX);
  const yScale = scales(yStd, opts.standardizeY);
  return { x: transform(x, rows, xMean, xScale), y: transform(y, rows, yMean, yScale), xMean, xScale, yMean, yScale };
}

/** Applies training statistics to other rows of X (held-out or test data). */
export function transformX(x: Matrix32 | Matrix64, prep: Pick<Preprocessed, "xMean" | "xScale">, rows: ArrayLike<number> = allRows(x.rows)): Matrix64 {
  return transform(x, rows, prep.xMean, prep.xScale);
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
