import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Run } from "@neurotranslator/data/schema";
import { createApp } from "../app.ts";
import { metrics, runLike, seedStore, type Seeded } from "../test-seed.ts";

// A run of the seeded store with 4 permutations of two metrics: row k, column j holds k + j / 4
// (exact in float32), so the answer is known in closed form.
let seeded: Seeded;
let app: ReturnType<typeof createApp>;
let withSamples: Run;
beforeAll(async () => {
  seeded = await seedStore();
  app = createApp({ store: seeded.store, auth: { readsRequireToken: false } });
  const base = seeded.runs[0]!;
  withSamples = await seeded.store.runs.create({
    run: runLike(base, {
      ...metrics(0.3),
      nPermutations: 4,
      nullSampleMetrics: ["sampleR", "identification"],
    }),
    arrays: {
      nullSamples: {
        dtype: "float32",
        shape: [2, 4],
        data: Float32Array.from({ length: 8 }, (_, i) => Math.floor(i / 4) + (i % 4) / 4),
      },
    },
  });
});
afterAll(async () => seeded?.dispose());

describe("GET /runs/{id}/null", () => {
  it("returns one row of samples per metric, in the stored order", async () => {
    const res = await app.request(`/runs/${withSamples.id}/null`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      metrics: ["sampleR", "identification"],
      nPermutations: 4,
      samples: [
        [0, 0.25, 0.5, 0.75],
        [1, 1.25, 1.5, 1.75],
      ],
    });
  });

  it("answers empty lists for a run that kept only the null summaries", async () => {
    const res = await app.request(`/runs/${seeded.runs[1]!.id}/null`);
    expect(await res.json()).toEqual({ metrics: [], nPermutations: 0, samples: [] });
  });

  it("404 for an unknown run, and the store refuses samples whose rows are not named", async () => {
    const res = await app.request("/runs/00000000-0000-4000-8000-000000000000/null");
    expect(res.status).toBe(404);
    const base = seeded.runs[0]!;
    const bad = seeded.store.runs.create({
      run: runLike(base, { ...metrics(0.3), nPermutations: 4 }),
      arrays: { nullSamples: { dtype: "float32", shape: [1, 4], data: new Float32Array(4) } },
    });
    await expect(bad).rejects.toThrow(
      /run array "nullSamples" has shape \(1, 4\) but metrics.nullSampleMetrics does not name its rows/,
    );
    const wrong = seeded.store.runs.create({
      run: runLike(base, { ...metrics(0.3), nPermutations: 4, nullSampleMetrics: ["sampleR"] }),
      arrays: { nullSamples: { dtype: "float32", shape: [1, 5], data: new Float32Array(5) } },
    });
    await expect(wrong).rejects.toThrow(/run array "nullSamples" has shape \(1, 5\); expected \(1, 4\)/);
  });
});
