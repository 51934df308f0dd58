import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import {
  alphaEdges,
  resolveAlphaGrid,
  spectrumScale,
  type AlphaEdges,
  type AlphaGridChoice,
  type AlphaRule,
} from "../solvers/alpha-grid.ts";

/**
 * Ridge from one layer's features to many voxels, alpha per voxel chosen by GENERALISED
 * cross-validation (Golub, Heath & Wahba 1979) on the training images only, then test predictions.
 * xTrain: [n, D], yTrain: [n, V], xTest: [m, D] -> pred: [m, V], alphas: [V].
 *
 * Features are standardised and responses centred (training statistics; intercept = response mean).
 * With Xᵀ X = V diag(λ) Vᵀ and z = Vᵀ Xᵀ y, the ridge fit has shrinkage f_k = λ_k / (λ_k + α) and
 *   RSS(α) = ||y||² - Σ_k (2 f_k - f_k²) z_k² / λ_k,   GCV(α) = RSS(α) / (1 - (1 + Σ_k f_k) / n)²,
 * so scoring every alpha costs O(D · V) after ONE product Xᵀ Y: far cheaper than exact leave-one-out
 * (which needs the hat diagonal per alpha, O(n · D · V) each) when n > D, as in the encoding map.
 * The grid: absolute `alphas`, else `relativeAlphas` times the mean non-zero eigenvalue of XᵀX
 * (alpha-grid.ts), returned as `rule` with the voxels that chose an edge of it (`edges`).
 */
export function ridgeGcvFitPredict(
  xTrain: Matrix32,
  yTrain: Matrix32,
  xTest: Matrix32,
  gridOptions: AlphaGridChoice,
  backend: LinalgBackend,
): { pred: Matrix32; alphas: Float64Array; grid: number[]; rule: AlphaRule; edges: AlphaEdges } {
  const { rows: n, cols: d } = xTrain;
  const v = yTrain.cols;
  const { mean, scale } = columnStats(xTrain);
  const xs = standardise(xTrain, mean, scale);
  const yMean = new Float64Array(v);
  for (let i = 0; i < n; i++) for (let j = 0; j < v; j++) yMean[j]! += yTrain.data[i * v + j]! / n;
  const yc = new Float32Array(n * v);
  const yss = new Float64Array(v);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < v; j++) {
      const c = yTrain.data[i * v + j]! - yMean[j]!;
      yc[i * v + j] = c;
      yss[j]! += c * c;
    }
  }
  const xsT = transpose32(xs);
  const { values: lambda, vectors } = backend.eigh(backend.gram(xsT));
  const xty = backend.matmul32(xsT, { rows: n, cols: v, data: yc });
  const z = backend.matmul64(
    vectors,
    { rows: d, cols: v, data: Float64Array.from(xty.data) },
    true,
    false,
  ).data;
  const tiny = 1e-10 * Math.max(...lambda, 1e-300);
  const { alphas: grid, rule } = resolveAlphaGrid(gridOptions, () => spectrumScale(lambda));
  const nA = grid.length;
  // RSS reductions for every (alpha, voxel) at once: G [nA, D] with G_ak = (2 f_ak - f_ak²) / λ_k,
  // times Z² [D, V] — one matrix product instead of a strided triple loop.
  const g = new Float64Array(nA * d);
  const denom = new Float64Array(nA);
  for (let a = 0; a < nA; a++) {
    let dof = 0;
    for (let k = 0; k < d; k++) {
      const l = lambda[k]!;
      if (l <= tiny) continue;
      const fk = l / (l + grid[a]!);
      dof += fk;
      g[a * d + k] = (2 * fk - fk * fk) / l;
    }
    denom[a] = (1 - (1 + dof) / n) ** 2;
  }
  const z2 = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) z2[i] = z[i]! * z[i]!;
  const reduction = backend.matmul64({ rows: nA, cols: d, data: g }, { rows: d, cols: v, data: z2 }).data;
  const alphas = new Float64Array(v);
  const bestIndex = new Int32Array(v);
  // Negative GCV scores [nA, V] (higher is better), the scores alphaEdges reads.
  const scores = new Float64Array(nA * v);
  for (let a = 0; a < nA; a++) {
    for (let j = 0; j < v; j++) {
      scores[a * v + j] = -(yss[j]! - reduction[a * v + j]!) / denom[a]!;
      if (scores[a * v + j]! > scores[bestIndex[j]! * v + j]!) bestIndex[j] = a;
    }
  }
  for (let j = 0; j < v; j++) alphas[j] = grid[bestIndex[j]!]!;
  const coefSpectral = new Float64Array(d * v);
  for (let k = 0; k < d; k++) {
    const l = lambda[k]!;
    if (l <= tiny) continue;
    for (let j = 0; j < v; j++) coefSpectral[k * v + j] = z[k * v + j]! / (l + alphas[j]!);
  }
  const w = backend.matmul64(vectors, { rows: d, cols: v, data: coefSpectral });
  const pred = backend.matmul32(standardise(xTest, mean, scale), toFloat32(w));
  for (let i = 0; i < pred.rows; i++) for (let j = 0; j < v; j++) pred.data[i * v + j]! += yMean[j]!;
  return { pred, alphas, grid, rule, edges: alphaEdges(bestIndex, scores, nA, grid) };
}

/** Column means and standard deviations (1 for a constant column, which then stays 0). */
function columnStats(x: Matrix32): { mean: Float64Array; scale: Float64Array } {
  const { rows: n, cols: d } = x;
  const mean = new Float64Array(d);
  const ss = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k]! += x.data[i * d + k]! / n;
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) ss[k]! += (x.data[i * d + k]! - mean[k]!) ** 2;
  return { mean, scale: ss.map((s) => (s > 0 ? Math.sqrt(s / n) : 1)) };
}

function standardise(x: Matrix32, mean: Float64Array, scale: Float64Array): Matrix32 {
  const d = x.cols;
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < x.rows; i++)
    for (let k = 0; k < d; k++) out[i * d + k] = (x.data[i * d + k]! - mean[k]!) / scale[k]!;
  return { rows: x.rows, cols: d, data: out };
}

function transpose32(m: Matrix32): Matrix32 {
  const t = new Float32Array(m.data.length);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) t[j * m.rows + i] = m.data[i * m.cols + j]!;
  return { rows: m.cols, cols: m.rows, data: t };
}

function toFloat32(m: Matrix64): Matrix32 {
  return { rows: m.rows, cols: m.cols, data: Float32Array.from(m.data) };
}
