import { NtError } from "@neurotranslator/schema";
import { Prng } from "../../random/prng.ts";

/**
 * Candidate band weights for the random search of banded ridge: `nSamples` points of the simplex
 * (each row sums to 1), [nSamples, nBands] row-major. Row 0 is equal weights (plain ridge over
 * the concatenated bands); the others are Dirichlet draws whose concentration cycles through
 * `concentration` (himalaya's default [0.1, 1]: 0.1 puts most weight on one or two bands, 1 is
 * uniform over the simplex), so both corners and the interior are visited.
 */
export function bandWeightSamples(
  nBands: number,
  nSamples: number,
  seed: number,
  concentration: readonly number[] = [0.1, 1],
): Float64Array {
  if (!(Number.isInteger(nBands) && nBands >= 1))
    throw new NtError("BAD_INPUT", `band weights: nBands must be a positive integer, got ${nBands}`);
  if (!(Number.isInteger(nSamples) && nSamples >= 1))
    throw new NtError("BAD_INPUT", `band weights: nSamples must be a positive integer, got ${nSamples}`);
  if (concentration.length === 0 || concentration.some((c) => !(c > 0 && Number.isFinite(c)))) {
    throw new NtError(
      "BAD_INPUT",
      `band weights: every concentration must be a positive number, got [${concentration.join(", ")}]`,
    );
  }
  const out = new Float64Array(nSamples * nBands);
  out.fill(1 / nBands, 0, nBands);
  if (nBands === 1) return out.fill(1);
  const rng = new Prng(seed);
  for (let s = 1; s < nSamples; s++) {
    const c = concentration[(s - 1) % concentration.length]!;
    let sum = 0;
    // Rare with c = 0.1 and few bands: every draw underflowing to 0; draw again.
    while (!(sum > 0)) {
      sum = 0;
      for (let b = 0; b < nBands; b++) sum += out[s * nBands + b] = gammaDraw(c, rng);
    }
    for (let b = 0; b < nBands; b++) out[s * nBands + b]! /= sum;
  }
  return out;
}

/** One Gamma(shape, 1) draw: Marsaglia & Tsang (2000); shape < 1 by Gamma(shape + 1) · U^(1/shape). */
export function gammaDraw(shape: number, rng: Prng): number {
  if (shape < 1) return gammaDraw(shape + 1, rng) * Math.pow(uniformOpen(rng), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = uniformOpen(rng);
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A uniform draw in (0, 1). */
function uniformOpen(rng: Prng): number {
  let u = rng.nextFloat();
  while (u === 0) u = rng.nextFloat();
  return u;
}
