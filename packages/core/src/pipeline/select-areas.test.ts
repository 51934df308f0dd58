import { describe, it, expect } from "vitest";
import { selectAreas, takeColumns } from "./select-areas.ts";

const names = ["Other", "V1", "V2", "V3"];
const roi = Int32Array.from([2, 1, 1, 3, 2, 0]);

describe("selectAreas", () => {
  it("groups voxels by code, in code order, and keeps the requested areas", () => {
    const all = selectAreas(roi, names);
    expect(all.areas.map((a) => [a.name, Array.from(a.voxels)])).toEqual([
      ["Other", [5]],
      ["V1", [1, 2]],
      ["V2", [0, 4]],
      ["V3", [3]],
    ]);
    const some = selectAreas(roi, names, ["V2", "V1"]);
    expect(Array.from(some.voxels)).toEqual([0, 1, 2, 4]);
    expect(Array.from(some.areaOf)).toEqual([1, 0, 0, 1]);
  });
  it("names unknown areas and codes without names", () => {
    expect(() => selectAreas(roi, names, ["V4", "V1"])).toThrow(
      'unknown visual area "V4"; valid areas: Other, V1, V2, V3',
    );
    expect(() => selectAreas(Int32Array.from([1, 4]), names)).toThrow(
      "roi[1] = 4 has no name: roiNames holds 4 names (codes 0..3)",
    );
  });
  it("takes columns", () => {
    const m = { rows: 2, cols: 3, data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
    expect(Array.from(takeColumns(m, Int32Array.from([2, 0])).data)).toEqual([3, 1, 6, 4]);
    expect(() => takeColumns(m, Int32Array.from([3]))).toThrow(/out of range for a matrix of shape \(2, 3\)/);
  });
});
