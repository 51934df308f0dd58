import { describe, expect, it } from "vitest";
import {
  NO_FILTER,
  filterRuns,
  hasMap,
  metricValue,
  sortRuns,
  toggleSelection,
  type RunRow,
} from "./runs-table.ts";

const run = (
  id: string,
  solver: string,
  layer: string,
  rois: string[],
  r: number | null,
  createdAt: string,
): RunRow => ({
  id,
  datasetId: id === "c" ? "d2" : "d1",
  featureSetId: id === "d" ? "f2" : "f1",
  solver,
  layer,
  rois,
  createdAt,
  metrics: r === null ? {} : { sampleR: { value: r } },
  timings: id === "a" ? { fit: 1, mapFit: 2 } : { fit: 1 },
});
const runs = [
  run("a", "ridge", "late", ["V1"], 0.2, "2026-01-02"),
  run("b", "ols", "early", [], null, "2026-01-03"),
  run("c", "ridge", "early", ["V4", "LatOcc"], 0.5, "2026-01-01"),
  run("d", "lasso", "late", ["V1"], -0.1, "2026-01-04"),
];
const names = {
  dataset: (id: string) => (id === "d1" ? "kay" : "sim"),
  featureSet: (id: string) => (id === "f1" ? "mobilenet" : "vgg"),
};
const f = (over: Partial<typeof NO_FILTER>) => ({ ...NO_FILTER, ...over });

describe("runs table", () => {
  it("filters by solver, layer and every word of the text", () => {
    expect(filterRuns(runs, f({ solver: "ridge" }), names).map((r) => r.id)).toEqual(["a", "c"]);
    expect(filterRuns(runs, f({ text: "v1 LATE" }), names).map((r) => r.id)).toEqual(["a", "d"]);
    expect(filterRuns(runs, f({ text: "sim", layer: "early" }), names).map((r) => r.id)).toEqual(["c"]);
    expect(filterRuns(runs, f({ text: "all" }), names).map((r) => r.id)).toEqual(["b"]);
  });

  it('filters by dataset, feature set and area ("all": runs on all areas together)', () => {
    expect(filterRuns(runs, f({ dataset: "kay" }), names).map((r) => r.id)).toEqual(["a", "b", "d"]);
    expect(filterRuns(runs, f({ featureSet: "vgg" }), names).map((r) => r.id)).toEqual(["d"]);
    expect(filterRuns(runs, f({ roi: "V1" }), names).map((r) => r.id)).toEqual(["a", "d"]);
    expect(filterRuns(runs, f({ roi: "all" }), names).map((r) => r.id)).toEqual(["b"]);
    expect(filterRuns(runs, f({ roi: "LatOcc", dataset: "kay" }), names)).toEqual([]);
  });

  it("tells map runs apart and sorts them first on request", () => {
    expect(runs.map(hasMap)).toEqual([true, false, false, false]);
    expect(sortRuns(runs, { key: "map", descending: true }, names).map((r) => r.id)).toEqual([
      "a",
      "b",
      "c",
      "d",
    ]);
  });

  it("sorts by a metric with missing values last in both directions", () => {
    expect(sortRuns(runs, { key: "sampleR", descending: true }, names).map((r) => r.id)).toEqual([
      "c",
      "a",
      "d",
      "b",
    ]);
    expect(sortRuns(runs, { key: "sampleR", descending: false }, names).map((r) => r.id)).toEqual([
      "d",
      "a",
      "c",
      "b",
    ]);
  });

  it("sorts by text columns and keeps ties in input order", () => {
    expect(sortRuns(runs, { key: "createdAt", descending: true }, names).map((r) => r.id)).toEqual([
      "d",
      "b",
      "a",
      "c",
    ]);
    expect(sortRuns(runs, { key: "solver", descending: false }, names).map((r) => r.id)).toEqual([
      "d",
      "b",
      "a",
      "c",
    ]);
    expect(sortRuns(runs, { key: "dataset", descending: true }, names).map((r) => r.id)).toEqual([
      "c",
      "a",
      "b",
      "d",
    ]);
  });

  it("reads metric values and toggles the compare selection in order", () => {
    expect(metricValue(runs[0]!, "sampleR")).toBe(0.2);
    expect(metricValue(runs[1]!, "sampleR")).toBeNull();
    expect(toggleSelection(toggleSelection(["a"], "c"), "a")).toEqual(["c"]);
  });
});
