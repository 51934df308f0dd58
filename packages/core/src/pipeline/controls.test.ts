import { describe, expect, it } from "vitest";
import type { Matrix32 } from "@neurotranslator/schema";
import { applyControl, nameOrder, pairingOrder, voxelSubsetColumns } from "./controls.ts";

const rowsOf = (n: number, cols: number): Matrix32 => ({
  rows: n,
  cols,
  data: Float32Array.from({ length: n * cols }, (_, k) => Math.floor(k / cols)),
});

describe("run controls (the 2020 failure modes)", () => {
  it("name order is a file listing sorted by name: 0, 1, 10, 100, ..., 11, ...", () => {
    expect(Array.from(nameOrder(12))).toEqual([0, 1, 10, 11, 2, 3, 4, 5, 6, 7, 8, 9]);
    const o = nameOrder(1750);
    expect(Array.from(o.subarray(0, 6))).toEqual([0, 1, 10, 100, 1000, 1001]);
    expect(new Set(o).size).toBe(1750);
  });

  it("re-pairs the features of each split and cuts the responses to a seeded voxel subset", () => {
    const input = {
      responsesTrain: rowsOf(30, 8),
      responsesTest: rowsOf(12, 8),
      roi: Int32Array.from([1, 1, 2, 2, 3, 3, 4, 4]),
      featuresTrain: rowsOf(30, 3),
      featuresTest: rowsOf(12, 3),
    };
    const named = applyControl(input, { pairing: "name-order", voxelSubset: null }, 0);
    expect(Array.from(named.featuresTest.data.filter((_, k) => k % 3 === 0))).toEqual(
      Array.from(nameOrder(12)),
    );
    expect(named.responsesTrain).toBe(input.responsesTrain);
    const shuffled = applyControl(input, { pairing: "shuffled", voxelSubset: 5 }, 4);
    expect(Array.from(shuffled.featuresTrain.data.filter((_, k) => k % 3 === 0))).toEqual(
      Array.from(pairingOrder(30, "shuffled", 4)),
    );
    expect(shuffled.responsesTrain.cols).toBe(5);
    const cols = voxelSubsetColumns(8, 5, 6);
    expect(Array.from(shuffled.roi)).toEqual(Array.from(cols, (c) => input.roi[c]));
    expect(applyControl(input, { pairing: "as-stored", voxelSubset: null }, 0)).toBe(input);
  });

  it("refuses a subset larger than the voxels, naming both counts", () => {
    expect(() => voxelSubsetColumns(8, 9, 0)).toThrow(/9 voxels asked for but the selection has 8/);
  });
});
