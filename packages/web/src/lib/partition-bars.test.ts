import { describe, expect, it } from "vitest";
import { partitionBars } from "./partition-bars.ts";

const s = (value: number, pAdjusted: number | null = null) => ({
  value,
  ci95: [value - 0.01, value + 0.01],
  null: null,
  p: pAdjusted,
  pAdjusted,
});
const correction = {
  method: "max-statistic",
  errorRate: "FWE",
  nCells: 4,
  nPermutations: 99,
  definition: "d",
};
const cell = (roi: string, layer: string, unique: number, joint: number, shared: number) => ({
  roi,
  layer,
  metric: {
    partition: {
      layer,
      unique: s(unique, unique > 0.05 ? 0.001 : 0.5),
      shared: s(0.1),
      alone: s(unique + 0.1, 0.001),
      bandWeight: { mean: 0.5, median: 0.5 },
      joint: s(joint, 0.001),
      sharedTotal: s(shared),
      uniqueLayers: [],
      nVoxels: 3,
      nValidVoxels: 3,
      search: {},
      corrections: { joint: correction, unique: correction, alone: correction },
    },
  },
});

describe("partitionBars", () => {
  it("stacks unique shares then the shared share to the joint R², negatives left of 0, in the given orders", () => {
    const bars = partitionBars(
      [
        cell("V2", "late", 0.3, 0.5, 0.22),
        cell("V2", "early", -0.02, 0.5, 0.22),
        cell("V1", "late", 0.01, 0.6, 0.19),
        cell("V1", "early", 0.4, 0.6, 0.19),
      ],
      ["V1", "V2"],
      ["early", "late"],
    )!;
    expect(bars.layers).toEqual(["early", "late"]);
    expect(bars.areas.map((a) => a.roi)).toEqual(["V1", "V2"]);
    const v1 = bars.areas[0]!.segments;
    expect(v1.map((x) => [x.label, x.from, x.to])).toEqual([
      ["early", 0, 0.4],
      ["late", 0.4, 0.41000000000000003],
      ["shared", 0.41000000000000003, 0.6000000000000001],
    ]);
    expect(v1[0]!.significant).toBe(true);
    expect(v1[1]!.significant).toBe(false);
    const v2 = bars.areas[1]!.segments;
    expect(v2[0]).toMatchObject({ label: "early", from: 0, to: -0.02 });
    expect(v2[1]).toMatchObject({ label: "late", from: 0, to: 0.3 });
    expect(bars.domain[0]).toBeCloseTo(-0.02, 12);
    expect(bars.domain[1]).toBeCloseTo(0.6, 12);
  });

  it("is null for a map without a partition", () => {
    expect(partitionBars([{ roi: "V1", layer: "a", metric: { r: 0.3 } }])).toBeNull();
  });
});
