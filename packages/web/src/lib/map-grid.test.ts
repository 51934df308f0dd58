import { describe, expect, it } from "vitest";
import { mapGrid } from "./map-grid.ts";

const summary = (value: number) => ({
  value,
  ci95: [value - 0.1, value + 0.1],
  null: { mean: 0, sd: 0.02, p05: -0.03, p95: 0.03 },
  p: 0.01,
});
const cell = (roi: string, layer: string, fr: number, sr: number) => ({
  roi,
  layer,
  metric: {
    summaryMetric: "featureR",
    D: 8,
    nVoxels: 10,
    featureR: summary(fr),
    sampleR: summary(sr),
    voxels: [],
  },
});

describe("mapGrid", () => {
  const items = [
    cell("all", "late", 0.3, 0.1),
    cell("V4", "late", 0.2, 0.05),
    cell("V1", "early", 0.4, 0.2),
    cell("V1", "late", -0.5, 0),
  ];

  it("orders rows by the dataset's areas and columns by the feature set's layers, gaps as null", () => {
    const g = mapGrid(items, { roiOrder: ["V1", "V2", "V4"], layerOrder: ["early", "middle", "late"] });
    expect(g.rows).toEqual(["V1", "V4", "all"]);
    expect(g.columns).toEqual(["early", "late"]);
    expect(g.cells.map((row) => row.map((c) => c?.summary?.value ?? null))).toEqual([
      [0.4, -0.5],
      [null, 0.2],
      [null, 0.3],
    ]);
    expect(g.cells[0]![0]).toMatchObject({ nVoxels: 10, D: 8 });
    expect(g.metrics).toEqual(["featureR", "sampleR"]);
  });

  it("shows another summary on request and null where a cell lacks it", () => {
    const g = mapGrid([...items, { roi: "V2", layer: "early", metric: { r: 0.3 } }], { metric: "sampleR" });
    expect(g.rows).toEqual(["all", "V4", "V1", "V2"]);
    expect(g.cells[2]![1]!.summary!.value).toBe(0.2);
    expect(g.cells[3]![1]!.summary).toBeNull();
  });

  it("shows the encoding summary of cells stored with both directions (summaryMetric encodingR), decoding on request", () => {
    const s = (value: number) => ({ value, ci95: [value - 0.1, value + 0.1], null: null, p: null });
    const both = [
      {
        roi: "V1",
        layer: "early",
        metric: {
          summaryMetric: "encodingR",
          direction: "encoding",
          encodingR: s(0.6),
          featureR: s(0.9),
          encoding: { nVoxels: 5 },
          nVoxels: 5,
          D: 4,
        },
      },
    ];
    const g = mapGrid(both);
    expect(g.cells[0]![0]!.summary!.value).toBe(0.6);
    expect(g.metrics).toEqual(["encodingR", "featureR"]);
    expect(mapGrid(both, { metric: "featureR" }).cells[0]![0]!.summary!.value).toBe(0.9);
  });
});
