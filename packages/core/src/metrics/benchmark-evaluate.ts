/**
 * Timing of evaluatePredictions at the Kay test-set size: 120 images x 4096 features,
 * 1000 permutations and 1000 bootstrap resamples, on synthetic predictions (truth + noise).
 * Run: cd packages/core && npx tsx src/metrics/benchmark-evaluate.ts [n] [D]
 */
import { Prng } from "../random/prng.ts";
import { evaluatePredictions } from "./evaluate.ts";

const n = Number(process.argv[2] ?? 120);
const D = Number(process.argv[3] ?? 4096);
const rng = new Prng(1);
const truth = { rows: n, cols: D, data: Float32Array.from({ length: n * D }, () => Math.max(0, rng.normal())) };
const pred = { rows: n, cols: D, data: Float32Array.from(truth.data, (t) => t + 2 * rng.normal()) };

const stages: Record<string, number> = {};
let last = performance.now();
const t0 = last;
const result = evaluatePredictions(pred, truth, {
  nPermutations: 1000,
  nBootstrap: 1000,
  seed: 0,
  onProgress: ({ stage, done, total }) => {
    if (done === total) {
      const now = performance.now();
      stages[stage] = now - last;
      last = now;
    }
  },
});
const total = performance.now() - t0;
const m = result.metrics;
console.log(`n=${n} D=${D}: total ${total.toFixed(0)} ms`, Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, `${v.toFixed(0)} ms`])));
console.log(
  `sampleR ${m.sampleR.value.toFixed(3)} p=${m.sampleR.p} | identification ${m.identification.value.toFixed(3)} | pairwise ${m.pairwise.value.toFixed(3)} | featureR ${m.featureR.value.toFixed(3)} | r2 ${m.r2.value.toFixed(3)}`,
);
