import { describe, expect, it } from "vitest";
import { selectLinalgBackend } from "../../linalg/select.ts";
import { simulatePlantedPartition } from "../../simulator/planted-partition.ts";
import { runVariancePartition } from "./partition.ts";

const backend = selectLinalgBackend();

describe("variance partition on a planted simulation (SIMULATED data)", () => {
  // Kay-sized training set; three layers of 24 own + 12 common features; shares of the SIGNAL variance per area, SNR 1.5.
  const sim = simulatePlantedPartition({
    nTrain: 1750,
    nTest: 400,
    seed: 5,
    layers: [
      { name: "early", dim: 24 },
      { name: "mid", dim: 24 },
      { name: "late", dim: 24 },
    ],
    sharedDim: 12,
    areas: [
      { name: "A", nVoxels: 80, unique: [0.6, 0, 0], shared: 0.2, snr: 1.5 },
      { name: "B", nVoxels: 80, unique: [0, 0.3, 0.3], shared: 0.3, snr: 1.5 },
      { name: "C", nVoxels: 80, unique: [0.15, 0.15, 0.15], shared: 0, snr: 1.5 },
    ],
  });
  const result = runVariancePartition(
    sim,
    { seed: 2, nSamples: 16, nPermutations: 300, nBootstrap: 300 },
    { backend },
  );

  it("recovers every planted unique share and the shared share within 0.05", () => {
    result.areas.forEach((area, a) => {
      const truth = sim.truth[a]!;
      expect(area.roi).toBe(truth.area);
      area.layers.forEach((l, b) =>
        expect(
          Math.abs(l.unique.value - truth.unique[b]!),
          `${area.roi} ${l.layer}: ${l.unique.value} vs ${truth.unique[b]}`,
        ).toBeLessThan(0.05),
      );
      expect(Math.abs(area.sharedTotal.value - truth.sharedTotal), `${area.roi} shared`).toBeLessThan(0.05);
      expect(Math.abs(area.joint.value - truth.joint), `${area.roi} joint`).toBeLessThan(0.05);
    });
  });

  it("claims unique variance exactly for the layers that carry it, with corrected p and CIs", () => {
    expect(result.areas.map((a) => a.uniqueLayers)).toEqual([
      ["early"],
      ["mid", "late"],
      ["early", "mid", "late"],
    ]);
    for (const area of result.areas) {
      expect(area.joint.pAdjusted).toBeLessThan(0.01);
      for (const l of area.layers) {
        expect(l.unique.ci95![0]).toBeLessThanOrEqual(l.unique.value);
        expect(l.unique.ci95![1]).toBeGreaterThanOrEqual(l.unique.value);
        expect(l.unique.pAdjusted!).toBeGreaterThanOrEqual(l.unique.p!);
      }
    }
  });

  it("keeps the set arithmetic: joint = Σ unique + shared, alone = unique + shared per layer, voxel by voxel", () => {
    for (const area of result.areas) {
      expect(area.joint.value).toBeCloseTo(
        area.layers.reduce((s, l) => s + l.unique.value, 0) + area.sharedTotal.value,
        12,
      );
      for (const l of area.layers) expect(l.alone.value).toBeCloseTo(l.unique.value + l.shared.value, 12);
    }
    const v = result.voxels;
    for (let k = 0; k < v.voxel.length; k += 17)
      for (let b = 0; b < 3; b++)
        expect(v.alone[b]![k]!).toBeCloseTo(v.unique[b]![k]! + v.shared[b]![k]!, 12);
  });

  it("weights the planted layer: area A puts most band weight on its only unique layer", () => {
    const a = result.areas[0]!;
    expect(a.layers[0]!.bandWeight.mean).toBeGreaterThan(a.layers[1]!.bandWeight.mean);
    expect(a.layers[0]!.bandWeight.mean).toBeGreaterThan(a.layers[2]!.bandWeight.mean);
  });

  it("per-area band weights: one (γ, α) per area, the same layers claimed", () => {
    const byArea = runVariancePartition(
      sim,
      { seed: 2, nSamples: 16, weights: "area", nPermutations: 100, nBootstrap: 100 },
      { backend },
    );
    expect(byArea.search.weights).toBe("area");
    expect(byArea.areas.map((a) => a.uniqueLayers)).toEqual([
      ["early"],
      ["mid", "late"],
      ["early", "mid", "late"],
    ]);
    for (const [a, area] of byArea.areas.entries()) {
      const alphas = new Set(
        Array.from(byArea.voxels.alpha).filter((_, k) => byArea.voxels.area[k] === area.roi),
      );
      expect(alphas.size, `area ${a}`).toBe(1);
    }
  });
});
