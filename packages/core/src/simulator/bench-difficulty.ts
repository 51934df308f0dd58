// Measures how hard a simulator config is: simulate from exported features + stimuli, decode (all voxels -> global_pool) and identify (Kay 2008).
// Run from packages/core: npx tsx src/simulator/bench-difficulty.ts FEATURES.npz DATASET.npz '{"preset":"easy"}' (ENC_LAYERS=conv2d_7, DEC_ROIS=V1,V2 optional)
import { readNpzFile } from "@neurotranslator/data/formats";
import type { Matrix32 } from "@neurotranslator/schema";
import { selectLinalgBackend } from "../linalg/select.ts";
import { runDecoding } from "../pipeline/run-decoding.ts";
import { runEncoding } from "../pipeline/run-encoding.ts";
import { simulateDataset } from "./simulate.ts";

const [featsPath, dataPath, configJson] = process.argv.slice(2);
const feats = readNpzFile(featsPath!);
const data = readNpzFile(dataPath!);
const get = (a: typeof feats, k: string) => a.get(k) as { shape: number[]; data: Float32Array };
const layers = ["conv2d_1", "conv2d_3", "conv2d_5", "conv2d_7", "conv2d_9", "conv2d_11", "global_pool"];
const features = new Map<string, Matrix32>();
for (const l of layers) {
  const tr = get(feats, `${l}_train`);
  const te = get(feats, `${l}_test`);
  const d = tr.shape[1]!;
  const all = new Float32Array((tr.shape[0]! + te.shape[0]!) * d);
  all.set(tr.data);
  all.set(te.data, tr.data.length);
  features.set(l, { rows: tr.shape[0]! + te.shape[0]!, cols: d, data: all });
}
const st = get(data, "stimuli");
const stt = get(data, "stimuli_test");
const [nTrain, h, w] = st.shape as [number, number, number];
const nTest = stt.shape[0]!;
const gray = new Float32Array(st.data.length + stt.data.length);
for (let i = 0; i < st.data.length; i++) gray[i] = st.data[i]! + 0.5;
for (let i = 0; i < stt.data.length; i++) gray[st.data.length + i] = stt.data[i]! + 0.5;
const backend = selectLinalgBackend();
let t0 = performance.now();
const sim = simulateDataset(
  { stimuli: { data: gray, height: h, width: w }, features, nTrain, nTest },
  JSON.parse(configJson ?? "{}"),
  { backend },
);
const tSim = (performance.now() - t0) / 1000;
const b = sim.bundle;
const m = (x: { shape: number[]; data: unknown }): Matrix32 => ({
  rows: x.shape[0]!,
  cols: x.shape[1]!,
  data: x.data as Float32Array,
});
const ctx = { backend };
const concat = (): Matrix32 => {
  const fs = layers.map((l) => features.get(l)!);
  const d = fs.reduce((s, f) => s + f.cols, 0);
  const n = fs[0]!.rows;
  const data = new Float32Array(n * d);
  let off = 0;
  for (const f of fs) {
    for (let i = 0; i < n; i++) data.set(f.data.subarray(i * f.cols, (i + 1) * f.cols), i * d + off);
    off += f.cols;
  }
  return { rows: n, cols: d, data };
};
features.set("all", concat());
const slice = (l: string, train: boolean): Matrix32 => {
  const f = features.get(l)!;
  return train
    ? { rows: nTrain, cols: f.cols, data: f.data.subarray(0, nTrain * f.cols) }
    : { rows: nTest, cols: f.cols, data: f.data.subarray(nTrain * f.cols) };
};
t0 = performance.now();
const dec = runDecoding(
  {
    responsesTrain: m(b.responsesTrain),
    responsesTest: m(b.responsesTest),
    roi: b.roi.data as Int32Array,
    roiNames: b.roiNames,
    featuresTrain: slice("global_pool", true),
    featuresTest: slice("global_pool", false),
  },
  {
    nPermutations: 20,
    nBootstrap: 20,
    attribution: false,
    ...(process.env["DEC_ROIS"] ? { rois: process.env["DEC_ROIS"].split(",") } : {}),
  },
  ctx,
);
const tDec = (performance.now() - t0) / 1000;
const out: Record<string, unknown> = {
  ceilings: sim.groundTruth.areas.map((a) => `${a.name} ${a.ceilingTest.measured.toFixed(2)}`).join(", "),
  featureR: dec.metrics.featureR.value.toFixed(3),
  r2: dec.metrics.r2.value.toFixed(3),
  sampleR: dec.metrics.sampleR.value.toFixed(3),
  identification: dec.metrics.identification.value.toFixed(3),
  tSim: tSim.toFixed(1),
  tDec: tDec.toFixed(1),
};
for (const l of (process.env["ENC_LAYERS"] ?? "conv2d_5,global_pool").split(",")) {
  t0 = performance.now();
  const enc = runEncoding(
    {
      featuresTrain: slice(l, true),
      featuresTest: slice(l, false),
      responsesTrain: m(b.responsesTrain),
      responsesTest: m(b.responsesTest),
      roi: b.roi.data as Int32Array,
      roiNames: b.roiNames,
    },
    { nPermutations: 0, nBootstrap: 0 },
    ctx,
  );
  out[`enc ${l}`] =
    `meanVoxelR ${(enc.voxelR.reduce((s, x) => s + (Number.isFinite(x) ? x : 0), 0) / enc.voxelR.length).toFixed(3)} idAll ${enc.identification.all.accuracy.toFixed(3)} idTop500 ${enc.identification.top.accuracy.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`;
}
console.log(JSON.stringify(out, null, 1));
