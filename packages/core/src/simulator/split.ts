import type { Prng } from "../random/prng.ts";
import type { SimulatorConfig } from "./config.ts";

/**
 * Which input rows become the dataset: [nTrain + nTest], training rows first. "ordered" takes
 * rows 0 .. nTrain+nTest-1 as they come (row i of the Kay folder = Kay image i); "random" takes
 * the first nTrain + nTest entries of a seeded permutation of all n rows.
 */
export function selectImages(
  n: number,
  nTrain: number,
  nTest: number,
  mode: SimulatorConfig["split"],
  rng: Prng,
): Int32Array {
  const total = nTrain + nTest;
  if (mode === "random") return rng.permutation(n).slice(0, total);
  return Int32Array.from({ length: total }, (_, i) => i);
}
