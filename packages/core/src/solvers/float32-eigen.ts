import type { Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import type { Spectrum } from "./spectrum.ts";

/**
 * The float32-eigensystem path of ridge-cv's leave-one-out search ("float32" in ridge-plan.ts): the
 * error bound of its scores, the choices that bound leaves open, and the float64 refinement of the
 * chosen coefficients. (An exact float64 re-score of open choices, one Cholesky factorisation and
 * inverse per alpha, was tried: with 64+ targets 8-16 alphas needed it, costing more than the float64
 * eigensystem it replaces.)
 *
 * A float32 eigensolver is backward stable: it decomposes K + E with ||E|| about eps32·λmax, so a
 * score at alpha is off by about eps32·λmax / (λmin + alpha) relative (measured here on kernels
 * with λmax/λmin up to 7e4: 1.5 to 4 times that, plus a floor of about 1e-6 from the float32
 * products). SCORE_BOUND_FACTOR and SCORE_BOUND_FLOOR take a 4x margin over what was measured.
 */
const EPS32 = 2 ** -24;
const SCORE_BOUND_FACTOR = 16;
const SCORE_BOUND_FLOOR = 5e-6;

/** Relative error bound of each alpha's float32-eigensystem score. */
export function scoreBounds(spec: Spectrum, alphas: readonly number[]): Float64Array {
  // The scale of the float32 rounding is the decomposed matrix's norm (the moved intercept included).
  let max = 0;
  let min = Infinity;
  spec.values.forEach((v, j) => {
    max = Math.max(max, Math.abs(v));
    if (j !== spec.interceptDim && v < min) min = v;
  });
  // The smallest eigenvalue is itself uncertain by about eps32·λmax; assume it is that much smaller.
  const floor = Math.max(0, min - SCORE_BOUND_FACTOR * EPS32 * max * Math.sqrt(spec.values.length));
  return Float64Array.from(
    alphas,
    (alpha) => (SCORE_BOUND_FACTOR * EPS32 * max) / (floor + alpha) + SCORE_BOUND_FLOOR,
  );
}

/** Targets in [c0, c0 + bw) whose best alpha another alpha approaches within the two scores' bounds. */
export function uncertainTargets(
  scores: Float64Array,
  bounds: Float64Array,
  dd: number,
  c0: number,
  bw: number,
): number {
  const na = bounds.length;
  let count = 0;
  for (let t = c0; t < c0 + bw; t++) {
    let b = 0;
    for (let a = 1; a < na; a++) if (scores[a * dd + t]! > scores[b * dd + t]!) b = a;
    const top = scores[b * dd + t]!;
    let close = false;
    for (let a = 0; a < na && !close; a++)
      close = a !== b && top - scores[a * dd + t]! <= (bounds[a]! + bounds[b]!) * Math.abs(top);
    if (close) count++;
  }
  return count;
}

/** The dual systems (K + alpha_t I) c_t = y_t of a batch of targets, y: [n, bw], alpha: [bw]. */
export interface DualSystem {
  k: Matrix64;
  /** With an intercept (centred data): the solutions are kept orthogonal to 1. */
  centred: boolean;
  y: Matrix64;
  alpha: Float64Array;
}

/**
 * Refines dual coefficients C: [n, bw] from a float32 eigensystem in float64: preconditioned
 * conjugate gradients on (K + alpha_t I) c_t = y_t for every target at once, against the float64
 * matrix K that was decomposed, with the eigensystem's inverse (`precondition`) as preconditioner,
 * so a few iterations reach float64 accuracy. With an intercept the exact C is orthogonal to 1
 * (centred data), where K + 1 1ᵀ acts as the centred kernel: the iterates are kept there.
 * Stops when every relative residual is below 1e-10 or after 20 iterations; returns the largest.
 */
export function refineDual(
  backend: LinalgBackend,
  system: DualSystem,
  c: Float64Array,
  precondition: (r: Float64Array) => Float64Array,
): number {
  const { k, centred, y, alpha } = system;
  const n = y.rows;
  const bw = y.cols;
  const project = (m: Float64Array) => {
    if (!centred) return m;
    const mean = new Float64Array(bw);
    for (let i = 0; i < n; i++) for (let t = 0; t < bw; t++) mean[t] = mean[t]! + m[i * bw + t]! / n;
    for (let i = 0; i < n; i++) for (let t = 0; t < bw; t++) m[i * bw + t] = m[i * bw + t]! - mean[t]!;
    return m;
  };
  const apply = (m: Float64Array) => {
    const km = backend.matmul64(k, { rows: n, cols: bw, data: m }).data;
    for (let i = 0; i < n; i++)
      for (let t = 0; t < bw; t++) km[i * bw + t] = km[i * bw + t]! + alpha[t]! * m[i * bw + t]!;
    return km;
  };
  const dots = (a: Float64Array, b: Float64Array) => {
    const out = new Float64Array(bw);
    for (let i = 0; i < n; i++)
      for (let t = 0; t < bw; t++) out[t] = out[t]! + a[i * bw + t]! * b[i * bw + t]!;
    return out;
  };
  project(c);
  const r = apply(c);
  for (let i = 0; i < n * bw; i++) r[i] = y.data[i]! - r[i]!;
  project(r);
  const yNorm = dots(y.data, y.data).map((v) => Math.sqrt(v) || 1);
  let z = project(precondition(r));
  const dir = z.slice();
  let rz = dots(r, z);
  let worst = Infinity;
  for (let it = 0; it < 20; it++) {
    worst = 0;
    dots(r, r).forEach((v, t) => (worst = Math.max(worst, Math.sqrt(v) / yNorm[t]!)));
    if (worst < 1e-10) break;
    const q = apply(dir);
    const dq = dots(dir, q);
    const step = dq.map((v, t) => (v > 0 ? rz[t]! / v : 0));
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < bw; t++) {
        c[i * bw + t] = c[i * bw + t]! + step[t]! * dir[i * bw + t]!;
        r[i * bw + t] = r[i * bw + t]! - step[t]! * q[i * bw + t]!;
      }
    }
    project(r);
    z = project(precondition(r));
    const next = dots(r, z);
    const beta = next.map((v, t) => (rz[t]! > 0 ? v / rz[t]! : 0));
    for (let i = 0; i < n; i++)
      for (let t = 0; t < bw; t++) dir[i * bw + t] = z[i * bw + t]! + beta[t]! * dir[i * bw + t]!;
    rz = next;
  }
  return worst;
}
