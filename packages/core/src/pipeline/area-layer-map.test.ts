import { describe, it, expect } from "vitest";
import { MapCell } from "@neurotranslator/data/schema";
import { selectLinalgBackend } from "../linalg/select.ts";
import { runAreaLayerMap } from "./area-layer-map.ts";
import { runDecoding } from "./run-decoding.ts";
import { planted } from "./synthetic.test-helper.ts";

const ctx = { backend: selectLinalgBackend() };
// Lower areas driven by the "low" layer, higher areas by the "high" layer (as expected on Kay data).
const data = planted({
  nTrain: 160,
  nTest: 30,
  layers: { low: 10, high: 8 },
  areas: [
    { name: "V1", voxels: 50, layer: "low", noise: 1 },
    { name: "V2", voxels: 40, layer: "low", noise: 1.5 },
    { name: "V4", voxels: 40, layer: "high", noise: 1.5 },
    { name: "LatOcc", voxels: 50, layer: "high", noise: 1 },
  ],
  seed: 21,
});
const input = { responsesTrain: data.responsesTrain, responsesTest: data.responsesTest, roi: data.roi, roiNames: data.roiNames, layers: data.layers };

describe("runAreaLayerMap", () => {
  const map = runAreaLayerMap(input, { seed: 2, nPermutations: 100, nBootstrap: 50, includeAll: true }, ctx);

  it("recovers the planted area -> layer assignment with significant cells", () => {
    const { all, ...areas } = map.bestLayerPerArea;
    expect(areas).toEqual({ V1: "low", V2: "low", V4: "high", LatOcc: "high" });
    expect(["low", "high"]).toContain(all);
    expect(map.cells).toHaveLength(5 * 2);
    for (const c of map.cells.filter((x) => x.roi !== "all")) {
      const planted = { V1: "low", V2: "low", V4: "high", LatOcc: "high" }[c.roi];
      if (c.layer === planted) {
        expect(c.value).toBeGreaterThan(0.5);
        expect(c.p).toBeLessThan(0.02);
      } else {
        expect(Math.abs(c.value)).toBeLessThan(0.2);
      }
      expect(Math.abs(c.nullMean!)).toBeLessThan(0.1);
      expect(MapCell.omit({ runId: true }).safeParse({ roi: c.roi, layer: c.layer, metric: c.metric }).success).toBe(true);
    }
    expect(map.table.rows).toEqual(["V1", "V2", "V4", "LatOcc", "all"]);
    expect(map.table.columns).toEqual(["low", "high"]);
    expect(map.table.value[0]![0]).toBe(map.cells[0]!.value);
  });

  it("lists the planted area's voxels as the top contributors and reports both summaries", () => {
    const all = map.cells.find((c) => c.roi === "all" && c.layer === "high")!;
    const top = (all.metric["voxels"] as { top: { voxel: number }[] }).top;
    // Voxels 90..179 are V4 and LatOcc, the areas driven by "high".
    expect(top.every((t) => t.voxel >= 90)).toBe(true);
    expect(all.metric["sampleR"]).toHaveProperty("value");
    expect(all.metric["summaryMetric"]).toBe("featureR");
  });

  it("gives exactly the per-layer decoders (one fit per area on the concatenated layers)", () => {
    const single = runDecoding(
      { responsesTrain: data.responsesTrain, responsesTest: data.responsesTest, roi: data.roi, roiNames: data.roiNames, featuresTrain: data.layers.get("high")!.train, featuresTest: data.layers.get("high")!.test },
      { rois: ["V4"], seed: 2, nPermutations: 100, nBootstrap: 50 },
      ctx,
    );
    const cell = map.cells.find((c) => c.roi === "V4" && c.layer === "high")!;
    expect(cell.value).toBeCloseTo(single.metrics.featureR.value, 8);
    expect(cell.p).toBe(single.metrics.featureR.p);
  });

  it("rejects a layer whose train and test dimensions differ, naming the layer and shapes", () => {
    const layers = new Map(data.layers);
    layers.set("bad", { train: data.layers.get("low")!.train, test: data.layers.get("high")!.test });
    expect(() => runAreaLayerMap({ ...input, layers }, { nPermutations: 0, nBootstrap: 0 }, ctx)).toThrow(/layer "bad": train features have shape \(160, 10\) but test features have shape \(30, 8\)/);
    expect(() => runAreaLayerMap({ ...input, layers: new Map() }, {}, ctx)).toThrow(/no layers/);
  });
});
