// Data for `pnpm bench ridge --end-to-end` (run by bench/ridge-e2e.ts in a child, not directly).
// Args: dir D. Writes dir/kay.npz in the Neuromatch Kay layout at the real file's size (1,750 + 120
// images of 128 x 128 and 8,428 voxels, float64 as in the published kay_images.npz: ~371 MB) and
// dir/features.npz with one layer "late" (train [1750, D], test [120, D], float32) read linearly
// from 50 voxels each, plus noise growing across features (as bench/ridge-data.ts). Prints {}.
import { join } from "node:path";
import { writeNpzFile } from "../packages/data/src/formats/index.ts";

const [dir, dArg] = process.argv.slice(2);
const D = Number(dArg);
const [nTrain, nTest, V, side] = [1750, 120, 8428, 128];

function gen(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return () => u() + u() + u() - 1.5;
}

const r = gen(42);
const responses = Float64Array.from({ length: (nTrain + nTest) * V }, r);
const features = new Float32Array((nTrain + nTest) * D);
const rw = gen(7);
for (let f = 0; f < D; f++) {
  const idx = Array.from({ length: 50 }, () => Math.floor(((rw() + 1.5) / 3) * V) % V);
  const wts = idx.map(() => rw());
  const noise = 0.3 + (10 * f) / D;
  for (let i = 0; i < nTrain + nTest; i++) {
    let s = 0;
    idx.forEach((j, t) => (s += responses[i * V + j]! * wts[t]!));
    features[i * D + f] = s + noise * rw() * 3;
  }
}
const pixels = gen(3);
const stimuli = (n: number) => ({
  dtype: "float64" as const,
  shape: [n, side, side],
  data: Float64Array.from({ length: n * side * side }, pixels),
});
writeNpzFile(join(dir!, "kay.npz"), {
  stimuli: stimuli(nTrain),
  stimuli_test: stimuli(nTest),
  responses: { dtype: "float64", shape: [nTrain, V], data: responses.subarray(0, nTrain * V) },
  responses_test: { dtype: "float64", shape: [nTest, V], data: responses.subarray(nTrain * V) },
  roi: { dtype: "int64", shape: [V], data: BigInt64Array.from({ length: V }, (_, i) => BigInt(1 + (i % 7))) },
  roi_names: {
    dtype: "unicode",
    shape: [8],
    data: ["Other", "V1", "V2", "V3", "V3A", "V3B", "V4", "LatOcc"],
  },
});
writeNpzFile(join(dir!, "features.npz"), {
  late_train: { dtype: "float32", shape: [nTrain, D], data: features.subarray(0, nTrain * D) },
  late_test: { dtype: "float32", shape: [nTest, D], data: features.subarray(nTrain * D) },
});
console.log("{}");
