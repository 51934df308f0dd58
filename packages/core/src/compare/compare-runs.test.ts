import type { CompareColumn, MetricSummary, RunMetrics } from "@neurotranslator/schema";
import { describe, expect, it } from "vitest";
import { Prng } from "../random/prng.ts";
import { compareRuns, type CompareInput } from "./compare-runs.ts";
import { perImageValuesFromResults } from "./per-image-values.ts";

const N = 100;
const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;

function input(id: string, datasetId: string, sampleR: Float64Array): CompareInput {
  const summary: MetricSummary = {
    value: mean(sampleR),
    ci95: null,
    null: null,
    p: null,
  } as unknown as MetricSummary;
  const column: CompareColumn = {
    id,
    shortId: id.slice(0, 8),
    dataset: datasetId,
    simulated: false,
    featureSet: "f",
    layer: "l",
    areas: "all areas",
    solver: "ridge-cv",
  };
  return {
    column,
    datasetId,
    metrics: { nTest: N, sampleR: summary } as unknown as RunMetrics,
    perImage: { sampleR },
  };
}

describe("compareRuns", () => {
  // Image difficulty varies far more than the runs differ: only pairing over the same images can separate them.
  const rng = new Prng(3);
  const difficulty = Float64Array.from({ length: N }, () => rng.nextFloat() * 0.8);
  const a = Float64Array.from(difficulty, (d) => d + 0.1);
  const b = Float64Array.from(difficulty, (d, i) => d + 0.13 + 0.01 * Math.sin(i));

  it("gives the difference from the base with a paired CI that excludes 0 when every image improves", () => {
    const c = compareRuns(
      [
        input("a".repeat(8) + "-0000-4000-8000-000000000000", "ds", a),
        input("b".repeat(8) + "-0000-4000-8000-000000000000", "ds", b),
      ],
      { nBootstrap: 1000 },
    );
    const row = c.metrics.find((m) => m.metric === "sampleR")!;
    const d = row.differences[1]!;
    expect(row.differences[0]).toBeNull();
    expect(d.delta).toBeCloseTo(mean(b) - mean(a), 12);
    // The per-image differences lie in [0.02, 0.04]: the paired CI sits inside that, far narrower than either run's spread.
    expect(d.ci95![0]).toBeGreaterThan(0.02);
    expect(d.ci95![1]).toBeLessThan(0.04);
    expect(d.excludesZero).toBe(true);
  });

  it("gives no CI to a run on another dataset, and says why", () => {
    const c = compareRuns(
      [
        input("a".repeat(8) + "-0000-4000-8000-000000000000", "ds", a),
        input("c".repeat(8) + "-0000-4000-8000-000000000000", "other", b),
      ],
      { nBootstrap: 200 },
    );
    expect(c.metrics[0]!.differences[1]).toEqual({
      delta: expect.closeTo(mean(b) - mean(a), 12),
      ci95: null,
      excludesZero: null,
    });
    expect(c.notes[0]).toMatch(/no shared test images/);
  });

  it("refuses fewer than two runs", () => {
    expect(() => compareRuns([input("a".repeat(8) + "-0000-4000-8000-000000000000", "ds", a)])).toThrow(
      /at least 2 runs/,
    );
  });

  it("reads per-image values from stored results, leaving out metrics with missing values", () => {
    const v = perImageValuesFromResults([
      {
        imageIndex: 1,
        r: 0.5,
        cosine: null,
        rank: 2,
        extra: { top5True: [1, 2, 3, 4, 5], top5Pred: [{ index: 1, name: null, p: 0.5 }, 9, 8, 7, 2] },
      },
      {
        imageIndex: 0,
        r: 0.1,
        cosine: 0.2,
        rank: 1,
        extra: { top5True: [3, 2, 1, 4, 5], top5Pred: [3, 6, 7, 8, 9] },
      },
    ]);
    expect(Array.from(v["sampleR"]!)).toEqual([0.1, 0.5]);
    expect(v["cosine"]).toBeUndefined();
    expect(Array.from(v["identification"]!)).toEqual([1, 0]);
    expect(Array.from(v["top1Agreement"]!)).toEqual([1, 1]);
    expect(Array.from(v["top5Overlap"]!)).toEqual([0.2, 0.4]);
  });
});
