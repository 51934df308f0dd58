import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "@neurotranslator/data";
import { tempDir } from "@neurotranslator/data/testing";
import { runDemo } from "./demo.ts";
import { SHARED_MODEL_DIR } from "./testing/assets.ts";

// The demo's small configuration on the easy preset (every voxel linear in its layer: simulated Kay-shaped data on 180 real Kay stimuli, MobileNet v1 0.25
// features, 10% of Kay's voxels), with few resamples to stay fast.
describe("runDemo, small simulated configuration", () => {
  const dir = tempDir();
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dir });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the encoding map recovers the planted layer of at least 6 of 7 areas, below each area's noise ceiling", async () => {
    const o = await runDemo(store, {
      name: "demo-small",
      preset: "easy",
      nTrain: 150,
      nTest: 30,
      voxelScale: 0.1,
      seed: 0,
      permutations: 50,
      mapResamples: 50,
      model: { envModel: SHARED_MODEL_DIR, cacheDir: join(dir, "cache") },
    });
    expect(o.realData).toBe(false);
    expect(o.map.primary).toBe("encoding");
    const truth = o.groundTruth!;
    expect(truth).toHaveLength(7);
    const report = truth
      .map(
        (g) =>
          `${g.area}: planted ${g.planted} (r ${g.plantedR?.toFixed(3)}), recovered ${g.recovered} (r ${g.bestR?.toFixed(3)}, distinguishable ${g.distinguishable}, ceiling ${g.ceiling.toFixed(3)})`,
      )
      .join("\n");
    expect(truth.filter((g) => g.recovered === g.planted).length, report).toBeGreaterThanOrEqual(6);
    for (const g of truth) {
      // The planted layer predicts its area's voxels; a wrong pick is never claimed as distinguishable.
      expect(g.plantedR!, report).toBeGreaterThan(0.3);
      if (g.recovered !== g.planted) expect(g.distinguishable, report).not.toBe(true);
      // A fitted model cannot beat the measured ceiling by more than sampling slack for 30 images.
      expect(g.bestR!, report).toBeLessThan(g.ceiling + 0.05);
    }
    expect(o.map.directions.decoding?.table.rows).toEqual(truth.map((g) => g.area));
  }, 120_000);
});
