// Data for `pnpm bench ridge --scale nsd` (run by bench/ridge-nsd.ts in a child, not directly).
// Args: dir n m p D. Writes dir/nsd.npz in the Neuromatch Kay layout at NSD scale (n + m images,
// p voxels, float32 responses; 16 x 16 float32 stimuli, which no step here reads; areas 1..7 in
// turn over the voxels) and dir/features.npz with 7 layers: "late" (train [n, D], test [m, D]) and
// "l1".."l6" (64..192 features), each feature a linear read of 50 voxels, layer k preferring area k,
// plus noise growing across features (as bench/ridge-data.ts). Prints {}.
import { join } from "node:path";
import { writeNpzFile } from "../packages/data/src/formats/index.ts";
import type { NdArray } from "../packages/schema/src/ndarray.ts";

const [dir, ...shape] = process.argv.slice(2);
const [n, m, p, D] = shape.map(Number) as [number, number, number, number];
const side = 16;

function gen(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return () => u() + u() + u() - 1.5;
}

const r = gen(42);
const responses = Float32Array.from({ length: (n + m) * p }, r);
const area = (j: number) => 1 + (j % 7);

/** [n + m, dim] features reading 50 voxels each, 40 of them from `prefer` (an area code) when given. */
function layer(dim: number, seed: number, prefer?: number): Float32Array {
  const rw = gen(seed);
  const out = new Float32Array((n + m) * dim);
  for (let f = 0; f < dim; f++) {
    const idx = Array.from({ length: 50 }, (_, t) => {
      const j = Math.floor(((rw() + 1.5) / 3) * p) % p;
      if (prefer === undefined || t >= 40) return j;
      // The voxel of the preferred area in the same run of 7 (areas cycle over the voxels).
      const moved = j - (j % 7) + (prefer - 1);
      return moved < p ? moved : moved - 7;
    });
    const wts = idx.map(() => rw());
    const noise = 0.3 + (10 * f) / dim;
    for (let i = 0; i < n + m; i++) {
      let s = 0;
      idx.forEach((j, t) => (s += responses[i * p + j]! * wts[t]!));
      out[i * dim + f] = s + noise * rw() * 3;
    }
  }
  return out;
}

const split = (name: string, data: Float32Array, dim: number): Record<string, NdArray> => ({
  [`${name}_train`]: { dtype: "float32", shape: [n, dim], data: data.subarray(0, n * dim) },
  [`${name}_test`]: { dtype: "float32", shape: [m, dim], data: data.subarray(n * dim) },
});
const features: Record<string, NdArray> = {};
[64, 96, 128, 128, 160, 192].forEach((dim, k) =>
  Object.assign(features, split(`l${k + 1}`, layer(dim, 100 + k, k + 1), dim)),
);
Object.assign(features, split("late", layer(D, 7, 7), D));
writeNpzFile(join(dir!, "features.npz"), features);

const stimuli = (count: number): NdArray => ({
  dtype: "float32",
  shape: [count, side, side],
  data: new Float32Array(count * side * side),
});
writeNpzFile(join(dir!, "nsd.npz"), {
  stimuli: stimuli(n),
  stimuli_test: stimuli(m),
  responses: { dtype: "float32", shape: [n, p], data: responses.subarray(0, n * p) },
  responses_test: { dtype: "float32", shape: [m, p], data: responses.subarray(n * p) },
  roi: { dtype: "int64", shape: [p], data: BigInt64Array.from({ length: p }, (_, j) => BigInt(area(j))) },
  roi_names: {
    dtype: "unicode",
    shape: [8],
    data: ["Other", "V1", "V2", "V3", "V3A", "V3B", "V4", "LatOcc"],
  },
});
console.log("{}");
