import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { pearson } from "../metrics/correlation.ts";
import type { LinearModel } from "../solvers/types.ts";
import type { AreaSelection } from "./select-areas.ts";

/**
 * The additive split of a linear decoder's predictions by area.
 *
 * With coef W: [V, D], intercept b: [D] and the TRAINING mean response x̄: [V],
 *   pred_i = b0 + Σ_a part_a(i),   b0 = b + x̄ W,   part_a(i) = (x_i,a - x̄_a) W_a,
 * exactly (W_a: the rows of W for area a's voxels). The baseline b0 is what the decoder predicts
 * for the average training response (= the training mean feature vector when an intercept is
 * fitted); it is the same for every image and belongs to no area. Each area's part is the change
 * its voxels make to that baseline; a voxel's part is (x_iv - x̄_v) W_v.
 */
export interface AreaAttribution {
  areas: string[];
  /** baseline: [D], b0 above. */
  baseline: Float64Array;
  /** parts: [nAreas] matrices [nTest, D] when `keepParts` was set, else empty. */
  parts: Matrix64[];
  /**
   * shares: [nTest, nAreas], row-major. share_a(i) = <part_a(i), c_i> / ||c_i||², c_i = pred_i - b0 =
   * Σ_a part_a(i): the projection of the area's part on the image's centred prediction. Rows sum to 1
   * exactly (0 for every area when c_i = 0); a negative share means the area pulls against the others.
   */
  shares: Float64Array;
  /**
   * agreement: [nTest, nAreas]. Pearson r over the D features between part_a(i) and truth_i - b0:
   * does the area's contribution point where this image's true features depart from the baseline?
   * 0 when either vector is constant.
   */
  agreement: Float64Array;
  /** Per area, per-voxel contribution sizes over the test images (see VoxelContributions). */
  voxels: VoxelContributions[];
}

/**
 * Per-voxel contribution summary of one area. A voxel's contribution to image i is the vector
 * (x_iv - x̄_v) W_v: [D]; its size ||·||₂ = |x_iv - x̄_v| · ||W_v||₂, averaged over test images.
 */
export interface VoxelContributions {
  area: string;
  nVoxels: number;
  /** Mean and total over the area's voxels of the mean contribution size. */
  meanContribution: number;
  totalContribution: number;
  /** The voxels of largest mean contribution (voxel = column of the full response matrix), largest first. */
  top: { voxel: number; contribution: number }[];
}

export interface AttributionOptions {
  /** Return each area's [nTest, D] part (memory nAreas x nTest x D doubles); default false. */
  keepParts?: boolean;
  /** How many top voxels each area lists; default 10. */
  topVoxels?: number;
}

/** Column means of m: [n, p] restricted to `cols` -> [cols.length]. */
export function columnMeans(m: Matrix32, cols: Int32Array): Float64Array {
  const out = new Float64Array(cols.length);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < cols.length; j++) out[j]! += m.data[i * m.cols + cols[j]!]!;
  return out.map((s) => s / m.rows);
}

/** What `attributeByArea` splits: a fitted decoder, its areas and the test data. */
export interface AttributionInput {
  /** Fitted on the columns `selection.voxels` of the training responses. */
  model: LinearModel;
  selection: AreaSelection;
  /** [nSelected] training means of the selected columns. */
  trainMean: Float64Array;
  /** [nTest, V] full matrix. */
  responsesTest: Matrix32;
  /** [nTest, D]. */
  truth: Matrix32;
}

/** Splits the predictions of `input.model` into one additive part per area. */
export function attributeByArea(
  backend: LinalgBackend,
  input: AttributionInput,
  options: AttributionOptions = {},
): AreaAttribution {
  const { model, selection, trainMean, responsesTest, truth } = input;
  const dd = model.coef.cols;
  const n = responsesTest.rows;
  const nAreas = selection.areas.length;
  const baseline = Float64Array.from(model.intercept);
  for (let j = 0; j < trainMean.length; j++)
    for (let d = 0; d < dd; d++) baseline[d]! += trainMean[j]! * model.coef.data[j * dd + d]!;

  // Centred prediction c = (X - x̄) W over all selected voxels; then one area at a time, so only
  // one [nTest, D] part is held unless the caller keeps them (a conv layer can have 10^5 features).
  const xcAll = new Float64Array(n * selection.voxels.length);
  selection.voxels.forEach((col, j) => {
    for (let i = 0; i < n; i++)
      xcAll[i * selection.voxels.length + j] =
        responsesTest.data[i * responsesTest.cols + col]! - trainMean[j]!;
  });
  const centred = backend.matmul64({ rows: n, cols: selection.voxels.length, data: xcAll }, model.coef);
  const norm2 = new Float64Array(n);
  for (let i = 0; i < n; i++)
    norm2[i] = dot(
      centred.data.subarray(i * dd, (i + 1) * dd),
      centred.data.subarray(i * dd, (i + 1) * dd),
      0,
    );
  const truthDev = new Float64Array(n * dd);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dd; d++) truthDev[i * dd + d] = truth.data[i * dd + d]! - baseline[d]!;

  const local = selection.areas.map(() => [] as number[]);
  selection.areaOf.forEach((a, j) => local[a]!.push(j));
  const parts: Matrix64[] = [];
  const voxels: VoxelContributions[] = [];
  const shares = new Float64Array(n * nAreas);
  const agreement = new Float64Array(n * nAreas);
  selection.areas.forEach((area, a) => {
    const idx = local[a]!;
    const xc = new Float64Array(n * idx.length);
    const w = new Float64Array(idx.length * dd);
    idx.forEach((j, t) => {
      for (let i = 0; i < n; i++) xc[i * idx.length + t] = xcAll[i * selection.voxels.length + j]!;
      w.set(model.coef.data.subarray(j * dd, (j + 1) * dd), t * dd);
    });
    const xcArea: Matrix64 = { rows: n, cols: idx.length, data: xc };
    const wArea: Matrix64 = { rows: idx.length, cols: dd, data: w };
    const part = backend.matmul64(xcArea, wArea);
    for (let i = 0; i < n; i++) {
      const row = part.data.subarray(i * dd, (i + 1) * dd);
      shares[i * nAreas + a] =
        norm2[i]! > 0 ? dot(row, centred.data.subarray(i * dd, (i + 1) * dd), 0) / norm2[i]! : 0;
      agreement[i * nAreas + a] = pearson(row, truthDev.subarray(i * dd, (i + 1) * dd));
    }
    if (options.keepParts) parts.push(part);
    const columns = idx.map((j) => selection.voxels[j]!);
    voxels.push(voxelContributions(area.name, xcArea, wArea, columns, options.topVoxels ?? 10));
  });
  return { areas: selection.areas.map((a) => a.name), baseline, parts, shares, agreement, voxels };
}

/** Mean contribution size per voxel, xc: [n, p] centred test responses, w: [p, D]. */
function voxelContributions(
  area: string,
  xcArea: Matrix64,
  wArea: Matrix64,
  columns: number[],
  topVoxels: number,
): VoxelContributions {
  const { rows: n, data: xc } = xcArea;
  const { cols: dd, data: w } = wArea;
  const p = columns.length;
  const sizes = columns.map((_, t) => {
    let abs = 0;
    for (let i = 0; i < n; i++) abs += Math.abs(xc[i * p + t]!);
    return (abs / n) * Math.sqrt(dot(w.subarray(t * dd, (t + 1) * dd), w.subarray(t * dd, (t + 1) * dd), 0));
  });
  const total = sizes.reduce((s, v) => s + v, 0);
  const order = sizes.map((_, t) => t).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  return {
    area,
    nVoxels: p,
    meanContribution: p > 0 ? total / p : 0,
    totalContribution: total,
    top: order.slice(0, topVoxels).map((t) => ({ voxel: columns[t]!, contribution: sizes[t]! })),
  };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>, s: number): number {
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}
