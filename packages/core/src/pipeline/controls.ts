import { NtError } from "@neurotranslator/schema";
import type { Matrix32 } from "@neurotranslator/schema";
import { Prng } from "../random/prng.ts";
import { takeColumns } from "./select-areas.ts";

/**
 * How features are paired with responses, to check a pipeline against the failure modes that
 * explain the 2020 study's numbers:
 *  - "as-stored": row i of the features with row i of the responses (the correct pairing);
 *  - "name-order": the features of the images in file-name order ("0, 1, 10, 100, 1000, 1001, ...")
 *    against responses in numeric order, as a directory listing sorted by name would pair them;
 *  - "shuffled": a seeded random re-pairing (the permutation null, as one run).
 * Training and test sets are re-paired each on their own (as two folders of numbered files).
 */
export const PAIRINGS = ["as-stored", "name-order", "shuffled"] as const;
export type Pairing = (typeof PAIRINGS)[number];

export interface PairingControl {
  pairing: Pairing;
  /** Keep only this many voxels, a seeded uniform subset (e.g. about as many as training images, where OLS collapses); null = all. */
  voxelSubset: number | null;
}

/** The numbers 0 .. n-1 sorted as strings: the order a listing of files "0.jpg" .. "(n-1).jpg" by name gives. -> [n] */
export function nameOrder(n: number): Int32Array {
  const names = Array.from({ length: n }, (_, i) => String(i));
  names.sort();
  return Int32Array.from(names, Number);
}

/** Rows order[0], order[1], ... of m: row k of the result is row order[k] of m. */
export function takeRows(m: Matrix32, order: Int32Array): Matrix32 {
  const out = new Float32Array(order.length * m.cols);
  for (const [k, row] of order.entries())
    out.set(m.data.subarray(row * m.cols, (row + 1) * m.cols), k * m.cols);
  return { rows: order.length, cols: m.cols, data: out };
}

/** The row order a pairing gives to n features (identity for "as-stored"). `seed` only matters for "shuffled". */
export function pairingOrder(n: number, pairing: Pairing, seed: number): Int32Array {
  if (pairing === "name-order") return nameOrder(n);
  if (pairing === "shuffled") return new Prng(seed).permutation(n);
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Columns kept by a voxel subset of `count` of nVoxels: a seeded uniform draw, in column order. */
export function voxelSubsetColumns(nVoxels: number, count: number, seed: number): Int32Array {
  if (!Number.isInteger(count) || count < 1 || count > nVoxels) {
    throw new NtError(
      "BAD_INPUT",
      `voxel subset: ${count} voxels asked for but the selection has ${nVoxels}; give an integer in [1, ${nVoxels}]`,
    );
  }
  return new Prng(seed).permutation(nVoxels).slice(0, count).sort();
}

/**
 * Applies a control to one run's inputs: features re-paired per split, responses (and roi codes)
 * cut to the voxel subset. Returns the inputs unchanged for { pairing: "as-stored", voxelSubset: null }.
 * The training and test pairings use different seeds (seed, seed + 1) so they are not the same permutation.
 */
export function applyControl<
  T extends {
    responsesTrain: Matrix32;
    responsesTest: Matrix32;
    roi: Int32Array;
    featuresTrain: Matrix32;
    featuresTest: Matrix32;
  },
>(input: T, control: PairingControl, seed: number): T {
  let out = input;
  if (control.pairing !== "as-stored") {
    out = {
      ...out,
      featuresTrain: takeRows(out.featuresTrain, pairingOrder(out.featuresTrain.rows, control.pairing, seed)),
      featuresTest: takeRows(
        out.featuresTest,
        pairingOrder(out.featuresTest.rows, control.pairing, seed + 1),
      ),
    };
  }
  if (control.voxelSubset !== null) {
    const cols = voxelSubsetColumns(out.responsesTrain.cols, control.voxelSubset, seed + 2);
    out = {
      ...out,
      responsesTrain: takeColumns(out.responsesTrain, cols),
      responsesTest: takeColumns(out.responsesTest, cols),
      roi: Int32Array.from(cols, (c) => input.roi[c]!),
    };
  }
  return out;
}
