/**
 * Elastic-net coordinate descent in covariance ("Gram") form, one target at a time, minimising
 * scikit-learn's objective
 *   1/(2n) ||y - X w||² + alpha * rho * ||w||₁ + alpha * (1 - rho)/2 * ||w||²
 * on centred data through G = Xᵀ X: [p, p] and q = Xᵀ y: [p]. Multiplying by n gives
 *   1/2 wᵀ G w - qᵀ w + l1 ||w||₁ + l2/2 ||w||²,  l1 = n alpha rho, l2 = n alpha (1 - rho),
 * solved by cyclic updates w_j = S(q_j - (G w)_j + G_jj w_j, l1) / (G_jj + l2) keeping h = G w.
 * A coordinate at zero whose soft-threshold stays zero costs O(1), so sweeps over a sparse solution
 * cost O(p + p · changed). Convergence as scikit-learn: when the largest update is below
 * tol * max|w|, the duality gap is checked against tol * ||y||².
 */
export interface CdResult {
  iterations: number;
  gap: number;
  converged: boolean;
}

/** One target's problem in Gram form: G: [p, p], q = Xᵀ y: [p], yy = ||y||², n samples. */
export interface GramProblem {
  g: Float64Array;
  p: number;
  q: Float64Array;
  yy: number;
  n: number;
}

/** The penalty (alpha, rho) and the stopping rule of one coordinate-descent solve. */
export interface CdSettings {
  alpha: number;
  rho: number;
  tol: number;
  maxIter: number;
}

/** Solves in place from the warm start w: [p] with h = G w: [p] (both updated). */
export function enetGram(
  problem: GramProblem,
  settings: CdSettings,
  w: Float64Array,
  h: Float64Array,
): CdResult {
  const { g, p, q, yy, n } = problem;
  const { alpha, rho, tol, maxIter } = settings;
  const l1 = n * alpha * rho;
  const l2 = n * alpha * (1 - rho);
  const gapTol = tol * yy;
  let gap = Infinity;
  for (let iter = 1; iter <= maxIter; iter++) {
    let wMax = 0;
    let dMax = 0;
    for (let j = 0; j < p; j++) {
      const gjj = g[j * p + j]!;
      if (gjj === 0) continue;
      const old = w[j]!;
      const tmp = q[j]! - h[j]! + gjj * old;
      const next = (Math.sign(tmp) * Math.max(Math.abs(tmp) - l1, 0)) / (gjj + l2);
      if (next !== old) {
        const delta = next - old;
        w[j] = next;
        const row = j * p;
        for (let k = 0; k < p; k++) h[k] = h[k]! + delta * g[row + k]!;
        dMax = Math.max(dMax, Math.abs(delta));
      }
      wMax = Math.max(wMax, Math.abs(next));
    }
    if (wMax === 0 || dMax / wMax < tol || iter === maxIter) {
      gap = dualityGap(problem, { l1, l2 }, w, h);
      if (gap < gapTol) return { iterations: iter, gap, converged: true };
    }
  }
  return { iterations: maxIter, gap, converged: false };
}

/** scikit-learn's duality gap of the Gram-form problem (enet_coordinate_descent_gram). */
function dualityGap(
  problem: GramProblem,
  penalty: { l1: number; l2: number },
  w: Float64Array,
  h: Float64Array,
): number {
  const { q, yy, p } = problem;
  const { l1, l2 } = penalty;
  let qw = 0;
  let wh = 0;
  let ww = 0;
  let l1norm = 0;
  let dual = 0;
  for (let j = 0; j < p; j++) {
    qw += q[j]! * w[j]!;
    wh += w[j]! * h[j]!;
    ww += w[j]! * w[j]!;
    l1norm += Math.abs(w[j]!);
    dual = Math.max(dual, Math.abs(q[j]! - h[j]! - l2 * w[j]!));
  }
  const r2 = yy + wh - 2 * qw;
  let gap: number;
  let c: number;
  if (dual > l1) {
    c = l1 / dual;
    gap = 0.5 * (r2 + r2 * c * c);
  } else {
    c = 1;
    gap = r2;
  }
  return gap + l1 * l1norm - c * yy + c * qw + 0.5 * l2 * (1 + c * c) * ww;
}

/** The regularisation path grid: n_alphas values log-spaced from alpha_max down to eps * alpha_max. */
export function alphaGrid(
  q: Float64Array,
  n: number,
  rho: number,
  nAlphas: number,
  eps: number,
): Float64Array {
  let max = 0;
  for (const v of q) max = Math.max(max, Math.abs(v));
  const alphaMax = max / (n * rho);
  const out = new Float64Array(nAlphas);
  if (alphaMax <= Number.EPSILON) return out.fill(Number.EPSILON);
  const hi = Math.log10(alphaMax);
  const lo = Math.log10(alphaMax * eps);
  for (let i = 0; i < nAlphas; i++)
    out[i] = 10 ** (nAlphas === 1 ? hi : hi - ((hi - lo) * i) / (nAlphas - 1));
  return out;
}
