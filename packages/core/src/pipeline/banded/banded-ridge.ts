import { NtError } from "@neurotranslator/schema";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../../linalg/backend.ts";
import { DEFAULT_RELATIVE_ALPHAS, spectrumScale } from "../../solvers/alpha-grid.ts";
import type { BandFactor } from "./band-factors.ts";
import { bandWeightSamples } from "./band-weights.ts";
import { concatColumns, decompose, type Decomposition } from "./decomposition.ts";

/**
 * Banded ridge (multiple-kernel ridge; Nunez-Elizalde et al. 2019, Dupré la Tour et al. 2022):
 * one encoding model over several feature bands with kernel K_γ = Σ_b γ_b K_b, γ on the simplex,
 * and penalty α: dual coefficients c = (K_γ + αI)⁻¹ y, prediction K_γ(test, train) c. It equals
 * ridge over the bands scaled by √γ_b, i.e. one regularisation strength α / γ_b per band.
 *
 * Hyperparameters by himalaya's random search: a fixed set of γ samples (bandWeightSamples) times
 * an alpha grid, every (γ, α) scored for every voxel, the best kept per voxel ("voxel") or per
 * area ("area": the best mean score over the area's voxels). The score is generalised
 * cross-validation (Golub, Heath & Wahba 1979) on the training images, turned into a CV R²:
 * with K_γ = U diag(λ) Uᵀ, z = Uᵀ y and f_k = λ_k / (λ_k + α),
 *   RSS(α) = ||y||² − Σ_k (2 f_k − f_k²) z_k²,  GCV R² = 1 − RSS / ((1 − (1 + Σ_k f_k) / n)² ||y||²)
 * (y centred; the 1 counts the intercept), so all alphas cost one [nAlphas, r] x [r, V] product
 * after the decomposition. himalaya scores by K-fold CV instead; GCV keeps one decomposition per γ.
 *
 * The decomposition per γ works from the bands' kernel factors (K_b = F_b F_bᵀ, band-factors.ts):
 * when the factors' total rank R is at most n it diagonalises the R x R matrix
 * D Fᵀ F D (D = diag(√γ) per column) instead of the n x n kernel, which gives the same non-zero
 * spectrum and eigenvectors U = F D W Λ^-½; otherwise it diagonalises K_γ itself.
 */
export interface BandedRidgeOptions {
  /** Band-weight samples of the random search (row 0: equal weights). Default 20. */
  nSamples?: number;
  /** Dirichlet concentrations cycled over the samples (default [0.1, 1]). */
  concentration?: readonly number[];
  /** Multipliers of the alpha scale (default DEFAULT_RELATIVE_ALPHAS: 20 values 1e-3 .. 1e5). */
  relativeAlphas?: readonly number[];
  seed?: number;
  /**
   * The band weights to search [nCandidates, nBands] instead of samples (rows need not sum to 1: a
   * nested model's candidates are another model's with some weights set to 0).
   */
  candidates?: Float64Array;
  /** Absolute alphas instead of the relative grid (models that must search the same grid). */
  alphas?: readonly number[];
  /** "voxel" (default): γ and α per voxel; "area": per group in `groups` (every voxel in exactly one). */
  weights?: "voxel" | "area";
  groups?: readonly Int32Array[];
}

/** The fitted model's choices and test predictions. */
export interface BandedRidgeFit {
  /** Test predictions [m, V] (training mean added back). */
  pred: Matrix32;
  /** Chosen band weights [V, B] (row v: voxel v's γ) and alphas [V]. */
  weights: Float64Array;
  alphas: Float64Array;
  /** GCV R² of the chosen (γ, α) per voxel [V] (NaN for a constant voxel). */
  cvR2: Float64Array;
  /** The searched band weights [nSamples, B] and alphas. */
  samples: Float64Array;
  alphaGrid: number[];
  /** The alpha scale: mean non-zero eigenvalue of the first candidate's kernel (NaN when absolute alphas were given). */
  alphaScale: number;
  /** "factor" when every decomposition was R x R (R = total rank), "kernel" when n x n. */
  path: "factor" | "kernel";
}

/** Training responses prepared once and shared by every model fitted on the same bands. */
export interface BandedTargets {
  /** Centred training responses [n, V], their column means and sums of squares. */
  yc: Matrix32;
  yMean: Float64Array;
  yss: Float64Array;
}

/** Per band the factor, its columns' offset into the concatenation, and Fᵀ Y; FᵀF of the concatenation. */
export interface BandedSystem {
  bands: readonly BandFactor[];
  offsets: number[];
  /** Fᵀ Yc: [R, V] float32 and Fᵀ F: [R, R] float64 over the concatenated factors; null when R > n (every model then takes the n x n path). */
  fty: Matrix32 | null;
  ftf: Matrix64 | null;
  targets: BandedTargets;
}

/** Centres the training responses. yTrain: [n, V]. */
export function bandedTargets(yTrain: Matrix32): BandedTargets {
  const { rows: n, cols: v } = yTrain;
  const yMean = new Float64Array(v);
  for (let i = 0; i < n; i++) for (let j = 0; j < v; j++) yMean[j]! += yTrain.data[i * v + j]! / n;
  const data = new Float32Array(n * v);
  const yss = new Float64Array(v);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < v; j++) {
      const c = yTrain.data[i * v + j]! - yMean[j]!;
      data[i * v + j] = c;
      yss[j]! += c * c;
    }
  }
  return { yc: { rows: n, cols: v, data }, yMean, yss };
}

/** The products every model over these bands needs, computed once. */
export function bandedSystem(
  bands: readonly BandFactor[],
  targets: BandedTargets,
  backend: LinalgBackend,
): BandedSystem {
  if (bands.length === 0) throw new NtError("BAD_INPUT", "banded ridge: no bands given");
  const n = targets.yc.rows;
  const offsets: number[] = [];
  let r = 0;
  for (const b of bands) {
    if (b.f.rows !== n)
      throw new NtError(
        "BAD_INPUT",
        `banded ridge: band "${b.name}" has ${b.f.rows} training rows, the responses ${n}`,
      );
    offsets.push(r);
    r += b.f.cols;
  }
  if (r > n) return { bands, offsets, fty: null, ftf: null, targets };
  const f = concatColumns(
    bands.map((b) => b.f),
    n,
  );
  return {
    bands,
    offsets,
    fty: backend.matmul32(f, targets.yc, true, false),
    ftf: backend.matmul64(toF64(f), toF64(f), true, false),
    targets,
  };
}

/** Fits banded ridge over the bands `subset` (indices into system.bands; default all). */
export function fitBandedRidge(
  system: BandedSystem,
  options: BandedRidgeOptions,
  backend: LinalgBackend,
  subset?: readonly number[],
): BandedRidgeFit {
  const use = subset ?? system.bands.map((_, b) => b);
  if (use.length === 0) throw new NtError("BAD_INPUT", "banded ridge: the model has no bands");
  const { yc, yss, yMean } = system.targets;
  const n = yc.rows;
  const v = yc.cols;
  const nb = use.length;
  const mode = options.weights ?? "voxel";
  const groups = mode === "area" ? checkGroups(options.groups, v) : [];
  const samples =
    options.candidates ??
    bandWeightSamples(nb, nb === 1 ? 1 : (options.nSamples ?? 20), options.seed ?? 0, options.concentration);
  if (samples.length === 0 || samples.length % nb !== 0)
    throw new NtError(
      "BAD_INPUT",
      `banded ridge: candidates hold ${samples.length} values, not a positive multiple of ${nb} bands`,
    );
  const nS = samples.length / nb;
  const equal = decompose(system, use, samples.subarray(0, nb), backend);
  const alphaScale = options.alphas ? NaN : spectrumScale(equal.lambda);
  const alphaGrid = options.alphas
    ? [...options.alphas]
    : (options.relativeAlphas ?? DEFAULT_RELATIVE_ALPHAS).map((x) => x * alphaScale);
  const nA = alphaGrid.length;

  const best = {
    score: new Float64Array(v).fill(-Infinity),
    sample: new Int32Array(v),
    alpha: new Int32Array(v),
  };
  const groupScores = new Float64Array(nS * nA * groups.length);
  // Decompositions kept for the refit while some voxel's best uses them (within a memory budget).
  const cache = new Map<number, Decomposition>([[0, equal]]);
  const uses = new Int32Array(nS);
  let cached = equal.bytes;
  for (let s = 0; s < nS; s++) {
    const dec = s === 0 ? equal : decompose(system, use, samples.subarray(s * nb, (s + 1) * nb), backend);
    const z = dec.z(null);
    const scores = gcvR2(dec.lambda, z, yss, alphaGrid, n, backend);
    if (mode === "voxel") {
      for (let a = 0; a < nA; a++) {
        for (let j = 0; j < v; j++) {
          const x = scores[a * v + j]!;
          if (!(x > best.score[j]!)) continue;
          if (best.score[j] !== -Infinity) uses[best.sample[j]!]!--;
          uses[s]!++;
          [best.score[j], best.sample[j], best.alpha[j]] = [x, s, a];
        }
      }
      for (const [k, d] of cache) {
        if (k === 0 || uses[k] !== 0) continue;
        cache.delete(k);
        cached -= d.bytes;
      }
      if (s > 0 && uses[s]! > 0 && cached + dec.bytes <= CACHE_BYTES) {
        cache.set(s, dec);
        cached += dec.bytes;
      }
    } else {
      groups.forEach((cols, g) => {
        for (let a = 0; a < nA; a++) {
          let sum = 0;
          let count = 0;
          for (const j of cols)
            if (Number.isFinite(scores[a * v + j]!)) [sum, count] = [sum + scores[a * v + j]!, count + 1];
          groupScores[(s * nA + a) * groups.length + g] = count > 0 ? sum / count : -Infinity;
        }
      });
    }
  }
  if (mode === "area") {
    groups.forEach((cols, g) => {
      let [bs, ba, bx] = [0, 0, -Infinity];
      for (let s = 0; s < nS; s++)
        for (let a = 0; a < nA; a++)
          if (groupScores[(s * nA + a) * groups.length + g]! > bx)
            [bs, ba, bx] = [s, a, groupScores[(s * nA + a) * groups.length + g]!];
      for (const j of cols) [best.sample[j], best.alpha[j]] = [bs, ba];
    });
  }

  // Refit: one decomposition per band-weight sample in use, predicting its voxels.
  const m = system.bands[use[0]!]!.t.rows;
  const pred = new Float32Array(m * v);
  const cvR2 = new Float64Array(v).fill(NaN);
  const bySample = new Map<number, number[]>();
  for (let j = 0; j < v; j++) {
    const list = bySample.get(best.sample[j]!);
    if (list) list.push(j);
    else bySample.set(best.sample[j]!, [j]);
  }
  let path: BandedRidgeFit["path"] = "factor";
  for (const [s, list] of bySample) {
    const dec = cache.get(s) ?? decompose(system, use, samples.subarray(s * nb, (s + 1) * nb), backend);
    if (dec.path === "kernel") path = "kernel";
    const cols = Int32Array.from(list);
    const z = dec.z(cols);
    const r = dec.lambda.length;
    const vg = cols.length;
    const coef = new Float32Array(r * vg);
    for (let k = 0; k < r; k++) {
      const l = dec.lambda[k]!;
      for (let c = 0; c < vg; c++)
        coef[k * vg + c] = z.data[k * vg + c]! / (l + alphaGrid[best.alpha[cols[c]!]!]!);
    }
    const p = backend.matmul32(dec.e(), { rows: r, cols: vg, data: coef }).data;
    for (let i = 0; i < m; i++)
      for (let c = 0; c < vg; c++) pred[i * v + cols[c]!] = p[i * vg + c]! + yMean[cols[c]!]!;
    const sc = gcvR2(
      dec.lambda,
      z,
      Float64Array.from(cols, (j) => yss[j]!),
      alphaGrid,
      n,
      backend,
    );
    cols.forEach((j, c) => (cvR2[j] = sc[best.alpha[j]! * vg + c]!));
  }
  const weights = new Float64Array(v * nb);
  const alphas = new Float64Array(v);
  for (let j = 0; j < v; j++) {
    weights.set(samples.subarray(best.sample[j]! * nb, (best.sample[j]! + 1) * nb), j * nb);
    alphas[j] = alphaGrid[best.alpha[j]!]!;
  }
  return {
    pred: { rows: m, cols: v, data: pred },
    weights,
    alphas,
    cvR2,
    samples,
    alphaGrid,
    alphaScale,
    path,
  };
}

/** Decompositions kept between the search and the refit: at most this many bytes. */
const CACHE_BYTES = 256 * 2 ** 20;

/** GCV R² [nAlphas, V] from the spectrum and z: [r, V] (NaN where yss is 0). */
export function gcvR2(
  lambda: Float64Array,
  z: Matrix32,
  yss: Float64Array,
  alphas: readonly number[],
  n: number,
  backend: LinalgBackend,
): Float64Array {
  const r = lambda.length;
  const v = z.cols;
  const nA = alphas.length;
  const g = new Float64Array(nA * r);
  const denom = new Float64Array(nA);
  for (let a = 0; a < nA; a++) {
    let dof = 0;
    for (let k = 0; k < r; k++) {
      const f = lambda[k]! / (lambda[k]! + alphas[a]!);
      dof += f;
      g[a * r + k] = 2 * f - f * f;
    }
    denom[a] = Math.max(1 - (1 + dof) / n, 1e-12) ** 2;
  }
  const z2 = new Float64Array(r * v);
  for (let i = 0; i < z2.length; i++) z2[i] = z.data[i]! * z.data[i]!;
  const reduction = backend.matmul64({ rows: nA, cols: r, data: g }, { rows: r, cols: v, data: z2 }).data;
  const out = new Float64Array(nA * v);
  for (let a = 0; a < nA; a++) {
    for (let j = 0; j < v; j++) {
      const ss = yss[j]!;
      out[a * v + j] = ss > 0 ? 1 - Math.max(ss - reduction[a * v + j]!, 0) / (denom[a]! * ss) : NaN;
    }
  }
  return out;
}

function checkGroups(groups: readonly Int32Array[] | undefined, v: number): readonly Int32Array[] {
  const seen = new Uint8Array(v);
  for (const g of groups ?? []) {
    for (const j of g) {
      if (!(j >= 0 && j < v) || seen[j])
        throw new NtError(
          "BAD_INPUT",
          `banded ridge: per-area band weights need every voxel in exactly one area; voxel ${j} is ${seen[j] ? "in two" : "out of range"}`,
        );
      seen[j] = 1;
    }
  }
  if (!groups || seen.some((x) => x === 0))
    throw new NtError(
      "BAD_INPUT",
      "banded ridge: per-area band weights need every voxel in exactly one area",
    );
  return groups;
}

function toF64(m: Matrix32): Matrix64 {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}
