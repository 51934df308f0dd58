import { describe, it, expect } from "vitest";
import { Prng } from "../random/prng.ts";
import { bootstrapReplicates } from "./bootstrap.ts";

describe("bootstrapReplicates", () => {
  it("each replicate is the mean of the per-image values over the resampled images", () => {
    const n = 10;
    const values = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
    const perImage = {
      sampleR: values((i) => i / 10),
      cosine: values((i) => i * i),
      featureR: values((i) => Math.sin(i)),
      r2: values((i) => -i),
      identification: new Float64Array(n).fill(1),
      rank: Int32Array.from({ length: n }, (_, i) => i + 1),
      rankPercentile: new Float64Array(n),
      pairwise: new Float64Array(n).fill(0.5),
    };
    const B = 5;
    const reps = bootstrapReplicates(perImage, B, new Prng(33));
    // The same stream draws the same resamples: n indices per replicate, in order.
    const rng = new Prng(33);
    for (let b = 0; b < B; b++) {
      const idx = Array.from({ length: n }, () => rng.intBelow(n));
      const meanOf = (f: (i: number) => number) => idx.reduce((a, i) => a + f(i), 0) / n;
      expect(reps.cosine[b]).toBeCloseTo(
        meanOf((i) => i * i),
        12,
      );
      expect(reps.featureR[b]).toBeCloseTo(
        meanOf((i) => Math.sin(i)),
        12,
      );
      expect(reps.r2[b]).toBeCloseTo(
        meanOf((i) => -i),
        12,
      );
      expect(reps.rank[b]).toBeCloseTo(
        meanOf((i) => i + 1),
        12,
      );
      expect(reps.identification[b]).toBe(1);
    }
  });
});
