import { z } from "zod";
import { logspace, positiveAlpha } from "./options.ts";

/**
 * The default ridge grid, relative: 20 multipliers log-spaced 1e-3 .. 1e5 of the data's scale
 * (ALPHA_SCALE_DEFINITION). Penalties act against the eigenvalues of X̃ᵀX̃, which grow with the
 * square of the responses' units, so a fixed grid (scikit-learn's 1e-2 .. 1e6) means a different
 * model when the responses are in other units: on a Kay-shaped set in raw units every fixed alpha
 * sat far below the eigenvalues and ridge-cv became interpolation. Relative to the mean eigenvalue
 * the same 8 decades cover both the near-interpolation end and heavy shrinkage (the largest
 * multiplier is 1e5 times the mean eigenvalue, hundreds of times a shared-noise component's).
 */
export const DEFAULT_RELATIVE_ALPHAS = logspace(-3, 5, 20);

export const ALPHA_SCALE_DEFINITION =
  "mean non-zero eigenvalue of the preprocessed training design's X̃ᵀX̃ (X̃ centred, and standardised when asked; eigenvalues above 1e-10 of the largest, the intercept direction left out)";

/** The grid options ridge-cv and select-ridge share: absolute `alphas`, else `relativeAlphas` times the scale. */
export const alphaGridOptions = {
  /** Absolute alphas (scikit-learn's meaning); when given, `relativeAlphas` is not used. */
  alphas: z
    .array(positiveAlpha("alphas[]"))
    .min(1, { error: "alphas must hold at least one value" })
    .optional(),
  /** Multipliers of the data's scale (ALPHA_SCALE_DEFINITION): the default grid. */
  relativeAlphas: z
    .array(positiveAlpha("relativeAlphas[]"))
    .min(1, { error: "relativeAlphas must hold at least one value" })
    .default(DEFAULT_RELATIVE_ALPHAS),
};

/** How a grid was made: stored with every fit (FitDiagnostics.alphaRule). */
export type AlphaRule =
  { rule: "absolute" } | { rule: "relative"; relativeGrid: number[]; scale: number; scaleDefinition: string };

/**
 * Mean non-zero eigenvalue of X̃ᵀX̃ from a spectrum of it (or of X̃X̃ᵀ, the same non-zero values):
 * eigenvalues above 1e-10 of the largest, leaving out index `skip` (the intercept direction a
 * dual kernel adds). 1 when every eigenvalue is zero (a constant design: any alpha gives the mean).
 */
export function spectrumScale(values: ArrayLike<number>, skip = -1): number {
  let max = 0;
  for (let r = 0; r < values.length; r++) if (r !== skip) max = Math.max(max, values[r]!);
  let sum = 0;
  let rank = 0;
  for (let r = 0; r < values.length; r++) {
    if (r === skip || !(values[r]! > 1e-10 * max)) continue;
    sum += values[r]!;
    rank++;
  }
  return rank > 0 && sum > 0 ? sum / rank : 1;
}

/** The alphas to search: `alphas` as given, or `relativeAlphas` times scale() (called only then). */
export function resolveAlphaGrid(
  options: AlphaGridChoice,
  scale: () => number,
): { alphas: number[]; rule: AlphaRule } {
  if (options.alphas !== undefined) return { alphas: [...options.alphas], rule: { rule: "absolute" } };
  const relative = options.relativeAlphas ?? DEFAULT_RELATIVE_ALPHAS;
  const s = scale();
  return {
    alphas: relative.map((r) => r * s),
    rule: {
      rule: "relative",
      relativeGrid: [...relative],
      scale: s,
      scaleDefinition: ALPHA_SCALE_DEFINITION,
    },
  };
}

/** Absolute alphas, or multipliers of the data's scale (default DEFAULT_RELATIVE_ALPHAS). */
export interface AlphaGridChoice {
  alphas?: readonly number[] | undefined;
  relativeAlphas?: readonly number[] | undefined;
}

/** Per fit: targets whose choice is the grid's first / last alpha, and those whose score is flat over the grid. */
export interface AlphaEdges {
  nTargets: number;
  atLowEdge: number;
  atHighEdge: number;
  undetermined: number;
}

/**
 * Counts edge choices from the search: best [D] (index into the grid, ascending alphas) and scores
 * [nAlphas, D] (higher is better). A target whose scores are equal at every alpha (within 1e-12
 * relative, e.g. constant in training) is undetermined, not an edge. A one-value grid has no edges.
 */
export function alphaEdges(
  best: Int32Array,
  scores: Float64Array,
  nAlphas: number,
  alphas: readonly number[],
): AlphaEdges {
  const dd = best.length;
  const out: AlphaEdges = { nTargets: dd, atLowEdge: 0, atHighEdge: 0, undetermined: 0 };
  if (nAlphas < 2) return out;
  const lowest = alphas.indexOf(Math.min(...alphas));
  const highest = alphas.indexOf(Math.max(...alphas));
  for (let d = 0; d < dd; d++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let a = 0; a < nAlphas; a++) {
      lo = Math.min(lo, scores[a * dd + d]!);
      hi = Math.max(hi, scores[a * dd + d]!);
    }
    if (!(hi - lo > 1e-12 * Math.max(Math.abs(hi), Math.abs(lo), 1e-300))) out.undetermined++;
    else if (best[d] === lowest) out.atLowEdge++;
    else if (best[d] === highest) out.atHighEdge++;
  }
  return out;
}
