// Benchmark: the full Kay shape (1,870 images x 8,428 voxels, 13 test repeats) from synthetic
// features of the default layers' widths. Run: cd packages/core && npx tsx src/simulator/bench-simulate.ts [--native]
import type { Matrix32 } from "@neurotranslator/schema";
import { selectLinalgBackend } from "../linalg/select.ts";
import { Prng } from "../random/prng.ts";
import { simulateDataset } from "./simulate.ts";

const n = 1870;
const side = 128;
const rng = new Prng(1);
const stimuli = {
  height: side,
  width: side,
  data: Float32Array.from({ length: n * side * side }, () => rng.nextFloat()),
};
const widths: Record<string, number> = {
  conv2d_1: 16,
  conv2d_3: 32,
  conv2d_5: 64,
  conv2d_7: 128,
  conv2d_11: 256,
  global_pool: 256,
};
const features = new Map<string, Matrix32>();
for (const [layer, d] of Object.entries(widths))
  features.set(layer, {
    rows: n,
    cols: d,
    data: Float32Array.from({ length: n * d }, () => Math.max(0, rng.normal())),
  });

const backend = process.argv.includes("--native") ? selectLinalgBackend({ prefer: "native" }) : undefined;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const result = simulateDataset(
  { stimuli, features, nTrain: 1750, nTest: 120 },
  { seed: 7 },
  backend ? { backend } : {},
);
const seconds = (performance.now() - t0) / 1000;
const cpuSeconds = process.cpuUsage(cpu0).user / 1e6; // wall time on a shared machine overstates the cost
console.log(
  `simulateDataset 1750+120 images x ${result.groundTruth.nVoxels} voxels (${backend?.name ?? "js"} matmul): ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU`,
);
for (const a of result.groundTruth.areas) {
  console.log(
    `${a.name.padEnd(7)} ${a.layer.padEnd(12)} snr ${a.snr} retest ${a.testRetest.toFixed(3)} test ceiling analytic ${a.ceilingTest.analytic.toFixed(3)} measured ${a.ceilingTest.measured.toFixed(3)}`,
  );
}
