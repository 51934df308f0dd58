import { describe, it, expect } from "vitest";
import { makeHead, topK } from "./classifier-head.ts";
import { classMatches, compareClassifications } from "./compare-classifications.ts";

// Head with D = 6 one-hot features and 7 logits (column 0 = background): logits = f · W, W = [0 | I6].
const W = new Float32Array(6 * 7);
for (let k = 0; k < 6; k++) W[k * 7 + k + 1] = 1;
const labels = ["tabby, tabby cat", "goldfish", "car", "boat", "tree", "dog"];
const head = makeHead(W, new Float32Array(7), 6, 7, 1, labels);
const m = (rows: number[][]) => ({ rows: rows.length, cols: 6, data: Float32Array.from(rows.flat()) });

describe("compareClassifications", () => {
  it("matches closed forms for KL, JS, ranks and top-k overlap", () => {
    const a = Math.log(3); // softmax([ln3, 0, 0, 0, 0, 0]) = [3/8, 1/8, ...]
    const truth = m([
      [a, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, a],
    ]);
    const pred = m([
      [0, a, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, a],
    ]);
    const r = compareClassifications(head, truth, pred);
    const p = [3 / 8, 1 / 8, 1 / 8, 1 / 8, 1 / 8, 1 / 8];
    const q = [1 / 8, 3 / 8, 1 / 8, 1 / 8, 1 / 8, 1 / 8];
    const kl = p.reduce((s, pi, i) => s + pi * Math.log(pi / (q[i] as number)), 0);
    const mm = p.map((pi, i) => (pi + (q[i] as number)) / 2);
    const js =
      0.5 * p.reduce((s, pi, i) => s + pi * Math.log(pi / (mm[i] as number)), 0) +
      0.5 * q.reduce((s, qi, i) => s + qi * Math.log(qi / (mm[i] as number)), 0);
    expect(r.top1Agreement).toBe(0.5);
    expect(r.klMean).toBeCloseTo(kl / 2, 6);
    expect(r.jsMean).toBeCloseTo(js / 2, 6);
    // image 0: true top class 0 has p_pred 1/8, tied with 4 others, below class 1 -> rank 2
    expect([r.trueTopRankMean, r.trueTopRankMedian]).toEqual([1.5, 1.5]);
    // image 0: top5 true = {0,1,2,3,4}, pred = {1,0,2,3,4} -> 5/5; image 1 identical
    expect(r.top5Overlap).toBe(1);
  });
  it("scores WordNet labels on row 3 and on any row, matching comma-separated synonyms", () => {
    const truth = m([
      [1, 0, 0, 0, 0, 0],
      [0, 0, 1, 0, 0, 0],
    ]);
    const pred = m([
      [1, 0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0],
    ]);
    const wordnet = [
      ["animal", "vehicle"],
      ["feline", "craft"],
      ["cat", "boat"],
      ["tabby cat", "car"],
    ];
    const r = compareClassifications(head, truth, pred, { wordnet });
    expect(r.wordnet).toEqual({ predTop1Row3: 0.5, predTop1AnyRow: 1, trueTop1Row3: 1, trueTop1AnyRow: 1 });
  });
  it("checks shapes", () => {
    expect(() => compareClassifications(head, m([[0, 0, 0, 0, 0, 0]]), m([]))).toThrow(/differ in shape/);
    expect(() => head.classify({ rows: 1, cols: 5, data: new Float32Array(5) })).toThrow(
      /takes 6-d features/,
    );
  });
});

describe("topK and classMatches", () => {
  it("orders by value, ties by index", () => {
    expect(topK([1, 5, 3, 5, 0], 3)).toEqual([1, 3, 2]);
  });
  it("matches whole names or synonyms, case-insensitively, never empty labels", () => {
    expect(classMatches("Tabby, tabby cat", " TABBY CAT ")).toBe(true);
    expect(classMatches("tabby, tabby cat", "cat")).toBe(false);
    expect(classMatches("tabby", "")).toBe(false);
  });
});
