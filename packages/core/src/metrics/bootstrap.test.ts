import { describe, it, expect } from "vitest";
import { availableLinalgBackends } from "../linalg/select.ts";
import { Prng } from "../random/prng.ts";
import { bootstrapReplicates } from "./bootstrap.ts";
import { featureScores } from "./per-feature.ts";
import { gaussianMatrix, permuteRows } from "./test-data.ts";

const engines = [
  { name: "plain JS loops", backend: undefined },
  ...availableLinalgBackends().map((b) => ({ name: b.name, backend: b })),
];

describe.each(engines)("bootstrapReplicates ($name)", ({ backend }) => {
  it("each replicate equals the metrics recomputed on the resampled rows", () => {
    const n = 10;
    const truth = gaussianMatrix(n, 7, 31, 1);
    const pred = gaussianMatrix(n, 7, 32);
    const perImage = {
      sampleR: Float64Array.from({ length: n }, (_, i) => i / 10),
      cosine: Float64Array.from({ length: n }, (_, i) => i * i),
      identification: new Float64Array(n).fill(1),
      rank: Int32Array.from({ length: n }, (_, i) => i + 1),
      rankPercentile: new Float64Array(n),
      pairwise: new Float64Array(n).fill(0.5),
    };
    const B = 5;
    const reps = bootstrapReplicates(
      perImage,
      pred,
      truth,
      new Uint8Array(7),
      B,
      new Prng(33),
      undefined,
      backend,
    );
    // The same stream draws the same resamples: n indices per replicate, in order.
    const rng = new Prng(33);
    for (let b = 0; b < B; b++) {
      const idx = Array.from({ length: n }, () => rng.intBelow(n));
      const f = featureScores(permuteRows(pred, idx), permuteRows(truth, idx));
      const mean = (x: Float64Array) => x.reduce((a, v) => a + v, 0) / x.length;
      expect(reps.featureR[b]).toBeCloseTo(mean(f.r), 10);
      expect(reps.r2[b]).toBeCloseTo(mean(f.r2), 10);
      expect(reps.cosine[b]).toBeCloseTo(
        idx.reduce((a, i) => a + i * i, 0) / n,
        10,
      );
      expect(reps.rank[b]).toBeCloseTo(
        idx.reduce((a, i) => a + i + 1, 0) / n,
        10,
      );
      expect(reps.identification[b]).toBe(1);
    }
  });
});
