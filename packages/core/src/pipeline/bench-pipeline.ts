// Timing of runDecoding and runAreaLayerMap on planted data of Kay-like size (not a test):
//   cd packages/core && npx tsx src/pipeline/bench-pipeline.ts [nVoxelsPerArea]
import { selectLinalgBackend } from "../linalg/select.ts";
import { runAreaLayerMap } from "./area-layer-map.ts";
import { runDecoding } from "./run-decoding.ts";
import { planted } from "./synthetic.test-helper.ts";

const perArea = Number(process.argv[2] ?? 500);
const backend = selectLinalgBackend();
const names = ["V1", "V2", "V3", "V4", "LatOcc"];
const t0 = performance.now();
const data = planted({
  nTrain: 1750,
  nTest: 120,
  layers: { low: 64, mid: 128, high: 256 },
  areas: names.map((name, k) => ({
    name,
    voxels: perArea,
    layer: k < 2 ? "low" : k < 4 ? "mid" : "high",
    noise: 2,
  })),
  seed: 1,
});
console.log(
  `${backend.description}; data ${names.length * perArea} voxels in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const high = data.layers.get("high")!;
const run = runDecoding(
  {
    responsesTrain: data.responsesTrain,
    responsesTest: data.responsesTest,
    roi: data.roi,
    roiNames: data.roiNames,
    featuresTrain: high.train,
    featuresTest: high.test,
  },
  { seed: 0, nPermutations: 1000, nBootstrap: 1000 },
  { backend },
);
console.log("runDecoding timings (s):", run.timings, "featureR", run.metrics.featureR.value.toFixed(3));
const map = runAreaLayerMap({ ...data }, { seed: 0, nPermutations: 1000, nBootstrap: 1000 }, { backend });
console.log("runAreaLayerMap timings (s):", map.timings, "best:", map.bestLayerPerArea);
