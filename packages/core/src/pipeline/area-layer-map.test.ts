import { describe, it, expect } from "vitest";
import { MapCell, mapInference } from "@neurotranslator/schema";
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
const input = {
  responsesTrain: data.responsesTrain,
  responsesTest: data.responsesTest,
  roi: data.roi,
  roiNames: data.roiNames,
  layers: data.layers,
};

describe("runAreaLayerMap", () => {
  const map = runAreaLayerMap(input, { seed: 2, nPermutations: 100, nBootstrap: 50, includeAll: true }, ctx);
  const decodingCells = map.cells.filter((c) => c.direction === "decoding");
  const encodingCells = map.cells.filter((c) => c.direction === "encoding");

  it("encoding (the primary direction) recovers the planted area -> layer assignment with significant cells", () => {
    expect(map.primary).toBe("encoding");
    const { all, ...areas } = map.bestLayerPerArea;
    expect(areas).toEqual({ V1: "low", V2: "low", V4: "high", LatOcc: "high" });
    expect(["low", "high"]).toContain(all);
    expect(map.table).toBe(map.directions.encoding!.table);
    expect(map.table.metric).toBe("encodingR");
    expect(encodingCells).toHaveLength(5 * 2);
    for (const c of encodingCells.filter((x) => x.roi !== "all")) {
      const planted = { V1: "low", V2: "low", V4: "high", LatOcc: "high" }[c.roi];
      if (c.layer === planted) {
        expect(c.value).toBeGreaterThan(0.4);
        expect(c.p).toBeLessThan(0.02);
        expect(c.pAdjusted).toBeLessThan(0.05);
        expect(c.ci95![0]).toBeLessThan(c.value);
        expect(c.ci95![1]).toBeGreaterThan(c.value);
      } else {
        expect(Math.abs(c.value)).toBeLessThan(0.2);
      }
      expect(Math.abs(c.nullMean!)).toBeLessThan(0.1);
      expect(c.metric).toMatchObject({
        summaryMetric: "encodingR",
        nVoxels: { V1: 50, V2: 40, V4: 40, LatOcc: 50 }[c.roi],
        ci95Over: "test images",
      });
    }
  });

  it("corrects every cell's p over the map (FWE) and claims each planted layer as distinguishable", () => {
    for (const c of map.cells) {
      expect(c.pAdjusted).toBeGreaterThanOrEqual(c.p!);
      expect(c.pAdjusted).toBeLessThanOrEqual(1);
    }
    for (const direction of ["encoding", "decoding"] as const) {
      const d = map.directions[direction]!;
      expect(d.correction).toMatchObject({
        method: "max-statistic",
        errorRate: "FWE",
        nCells: 10,
        nPermutations: 100,
      });
      expect(d.table.pAdjusted.flat().every((p) => p !== null)).toBe(true);
      for (const [area, layer] of Object.entries({ V1: "low", V2: "low", V4: "high", LatOcc: "high" })) {
        const claim = d.bestLayer[area]!;
        expect(claim).toMatchObject({
          layer,
          runnerUp: layer === "low" ? "high" : "low",
          distinguishable: true,
        });
        expect(claim.ci95![0]).toBeGreaterThan(0);
        expect(claim.difference).toBeCloseTo(
          claim.value! -
            d.table.value[d.table.rows.indexOf(area)]![d.table.columns.indexOf(claim.runnerUp!)]!,
          12,
        );
      }
    }
    expect(map.bestLayer).toBe(map.directions.encoding!.bestLayer);
    // Decoding cells correct each summary metric as its own family.
    const dec = map.cells.find((c) => c.direction === "decoding")!;
    expect((dec.metric["sampleR"] as { pAdjusted: number }).pAdjusted).toBeGreaterThanOrEqual(
      (dec.metric["sampleR"] as { p: number }).p,
    );
  });

  it("decoding recovers the planted assignment here too (orthogonal layers of similar size)", () => {
    const { all: _all, ...areas } = map.directions.decoding!.bestLayerPerArea;
    expect(areas).toEqual({ V1: "low", V2: "low", V4: "high", LatOcc: "high" });
    expect(decodingCells).toHaveLength(5 * 2);
    for (const c of decodingCells.filter((x) => x.roi !== "all")) {
      const planted = { V1: "low", V2: "low", V4: "high", LatOcc: "high" }[c.roi];
      if (c.layer === planted) {
        expect(c.value).toBeGreaterThan(0.5);
        expect(c.p).toBeLessThan(0.02);
      } else {
        expect(Math.abs(c.value)).toBeLessThan(0.2);
      }
      expect(Math.abs(c.nullMean!)).toBeLessThan(0.1);
    }
    const t = map.directions.decoding!.table;
    expect(t.rows).toEqual(["V1", "V2", "V4", "LatOcc", "all"]);
    expect(t.columns).toEqual(["low", "high"]);
    expect(t.value[0]![0]).toBe(decodingCells[0]!.value);
  });

  it("stores one MapCell per (area, layer) holding both directions, encoding as the summary", () => {
    expect(map.mapCells).toHaveLength(5 * 2);
    for (const m of map.mapCells) {
      expect(MapCell.omit({ runId: true }).safeParse(m).success).toBe(true);
      const enc = encodingCells.find((c) => c.roi === m.roi && c.layer === m.layer)!;
      const dec = decodingCells.find((c) => c.roi === m.roi && c.layer === m.layer)!;
      expect(m.metric).toMatchObject({
        summaryMetric: "encodingR",
        direction: "encoding",
        encodingR: { value: enc.value, pAdjusted: enc.pAdjusted },
        featureR: { value: dec.value, pAdjusted: dec.pAdjusted },
        encoding: { nVoxels: enc.metric["nVoxels"] },
      });
      expect(m.metric["corrections"]).toMatchObject({
        encoding: { method: "max-statistic" },
        decoding: { method: "max-statistic" },
      });
    }
    // The best-layer claims travel with the stored cells (on each area's best cell) and read back whole.
    const inference = mapInference(map.mapCells);
    expect(inference.bestLayer["encoding"]).toEqual(map.directions.encoding!.bestLayer);
    expect(inference.bestLayer["decoding"]).toEqual(map.directions.decoding!.bestLayer);
    expect(inference.corrections["encoding"]).toEqual(map.directions.encoding!.correction);
  });

  it("computes one direction alone when asked, and refuses an unknown direction", () => {
    const dec = runAreaLayerMap(
      input,
      { direction: "decoding", rois: ["V1"], nPermutations: 0, nBootstrap: 0 },
      ctx,
    );
    expect(dec.primary).toBe("decoding");
    expect(dec.cells.every((c) => c.direction === "decoding")).toBe(true);
    expect(dec.mapCells[0]!.metric).toMatchObject({ summaryMetric: "featureR", direction: "decoding" });
    const enc = runAreaLayerMap(
      input,
      { direction: "encoding", rois: ["V1"], nPermutations: 0, nBootstrap: 0 },
      ctx,
    );
    expect(enc.cells.map((c) => `${c.direction}:${c.layer}`)).toEqual(["encoding:low", "encoding:high"]);
    expect(enc.cells[0]!).toMatchObject({ p: null, ci95: null, nullMean: null });
    // Exact leave-one-out alphas (the registry's ridge-cv) pick the same layers as the default GCV.
    const loo = runAreaLayerMap(
      input,
      { direction: "encoding", encodingCv: "loo", nPermutations: 0, nBootstrap: 0 },
      ctx,
    );
    expect(loo.bestLayerPerArea).toEqual({ V1: "low", V2: "low", V4: "high", LatOcc: "high" });
    expect(loo.mapCells[0]!.metric["encoding"]).toMatchObject({ alphaChoice: "loo" });
    expect(() => runAreaLayerMap(input, { direction: "sideways" as "both" }, ctx)).toThrow(
      /direction must be "encoding", "decoding" or "both", got "sideways"/,
    );
  });

  it("lists the planted area's voxels as the top contributors and reports both summaries", () => {
    const all = decodingCells.find((c) => c.roi === "all" && c.layer === "high")!;
    const top = (all.metric["voxels"] as { top: { voxel: number }[] }).top;
    // Voxels 90..179 are V4 and LatOcc, the areas driven by "high" (the 10th is near a tie).
    expect(top.filter((t) => t.voxel >= 90).length).toBeGreaterThanOrEqual(9);
    expect(top.slice(0, 5).every((t) => t.voxel >= 90)).toBe(true);
    expect(all.metric["sampleR"]).toHaveProperty("value");
    expect(all.metric["summaryMetric"]).toBe("featureR");
  });

  it("gives exactly the per-layer decoders (one fit per area on the concatenated layers)", () => {
    const single = runDecoding(
      {
        responsesTrain: data.responsesTrain,
        responsesTest: data.responsesTest,
        roi: data.roi,
        roiNames: data.roiNames,
        featuresTrain: data.layers.get("high")!.train,
        featuresTest: data.layers.get("high")!.test,
      },
      { rois: ["V4"], seed: 2, nPermutations: 100, nBootstrap: 50 },
      ctx,
    );
    const cell = decodingCells.find((c) => c.roi === "V4" && c.layer === "high")!;
    expect(cell.value).toBeCloseTo(single.metrics.featureR.value, 8);
    expect(cell.p).toBe(single.metrics.featureR.p);
  });

  it("rejects a layer whose train and test dimensions differ, naming the layer and shapes", () => {
    const layers = new Map(data.layers);
    layers.set("bad", { train: data.layers.get("low")!.train, test: data.layers.get("high")!.test });
    expect(() => runAreaLayerMap({ ...input, layers }, { nPermutations: 0, nBootstrap: 0 }, ctx)).toThrow(
      /layer "bad": train features have shape \(160, 10\) but test features have shape \(30, 8\)/,
    );
    expect(() => runAreaLayerMap({ ...input, layers: new Map() }, {}, ctx)).toThrow(/no layers/);
  });
});
