import { describe, expect, it } from "vitest";
import { Prng } from "../random/prng.ts";
import { identificationRanks, pairwiseScores } from "./identification.ts";
import { featureScores } from "./per-feature.ts";
import { imagePairMatrices, type ImagePairMatrices } from "./per-image.ts";
import { pairingScorer } from "./permutation-null.ts";
import { mean } from "./stats.ts";
import { gaussianMatrix } from "./test-data.ts";

/** The re-paired matrix scored by the per-image functions: the definition the scorer must equal. */
function direct(images: ImagePairMatrices, pairing: Int32Array): { ranks: number[]; pairwise: number } {
  const { n, corr } = images;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) m[i * n + k] = corr[i * n + pairing[k]!]!;
  return { ranks: [...identificationRanks(m, n)], pairwise: mean(pairwiseScores(m, n)) };
}

describe("pairingScorer", () => {
  it("gives the re-paired matrix's identification, rank and pairwise scores exactly", () => {
    const truth = gaussianMatrix(40, 9, 4, 0.5);
    const pred = gaussianMatrix(40, 9, 5);
    const images = imagePairMatrices(pred, truth);
    // Ties in a row (the rank counts them against) and exact zeros of both signs.
    images.corr.fill(images.corr[3]!, 0, 6);
    images.corr[50] = 0;
    images.corr[51] = -0;
    const score = pairingScorer(images, featureScores(pred, truth));
    const rng = new Prng(8);
    for (let t = 0; t < 50; t++) {
      const pairing = t === 0 ? Int32Array.from({ length: 40 }, (_, i) => i) : rng.permutation(40);
      const want = direct(images, pairing);
      const got = score(pairing);
      expect(got.rank).toBe(want.ranks.reduce((a, b) => a + b, 0) / 40);
      expect(got.identification).toBe(want.ranks.filter((r) => r === 1).length / 40);
      expect(got.pairwise).toBe(want.pairwise);
    }
  });

  it("counts ranks by comparison when the matrix holds NaN", () => {
    const truth = gaussianMatrix(12, 6, 1, 0.5);
    const pred = gaussianMatrix(12, 6, 2);
    const images = imagePairMatrices(pred, truth);
    images.corr[5] = Number.NaN;
    images.corr[14] = Number.NaN;
    const score = pairingScorer(images, featureScores(pred, truth));
    const pairing = new Prng(3).permutation(12);
    const want = direct(images, pairing);
    expect(score(pairing).rank).toBe(want.ranks.reduce((a, b) => a + b, 0) / 12);
  });
});
