// Timing of the area x layer map at the full Kay size (not a test): 1,630 train + 120 test images,
// 8,428 voxels in 7 areas (Kay's area sizes, roughly), 7 layers of MobileNet v1 0.25's pooled sizes.
//   cd packages/core && npx tsx src/pipeline/bench-area-layer-map.ts [resamples]
import { selectLinalgBackend } from "../linalg/select.ts";
import { runAreaLayerMap } from "./area-layer-map.ts";
import { planted } from "./synthetic.test-helper.ts";

const resamples = Number(process.argv[2] ?? 200);
const backend = selectLinalgBackend();
const layers = {
  conv2d_1: 16,
  conv2d_3: 32,
  conv2d_5: 64,
  conv2d_7: 128,
  conv2d_9: 128,
  conv2d_11: 128,
  global_pool: 256,
};
const names = Object.keys(layers);
const sizes = [1331, 2208, 1973, 668, 315, 1535, 398]; // sums to 8,428
const areaNames = ["V1", "V2", "V3", "V3A", "V3B", "V4", "LatOcc"];
const data = planted({
  nTrain: 1630,
  nTest: 120,
  layers,
  areas: areaNames.map((name, k) => ({ name, voxels: sizes[k]!, layer: names[k]!, noise: 2 })),
  seed: 1,
});
console.log(`${backend.description}; ${resamples} permutations and bootstrap resamples per cell`);
for (const direction of ["encoding", "decoding"] as const) {
  const t0 = performance.now();
  const map = runAreaLayerMap(
    { ...data },
    { direction, seed: 0, nPermutations: resamples, nBootstrap: resamples },
    { backend },
  );
  console.log(
    `${direction}: ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    map.timings,
    "best:",
    JSON.stringify(map.bestLayerPerArea),
  );
}
