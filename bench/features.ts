// Feature-extraction speed: MobileNet v1 0.25 at 224 x 224 on the real Kay stimuli
// (../shared/data/kay-stimuli): each available engine (tfjs-node, onnx, wasm) at batch 16, 32 and 64
// next to the pure-JS cpu backend on a small subset, in one run. Prints images/s end to end
// (preparation + forward pass + pooling of the default layers), the ratio to the issue's
// 200 images/s target, and the load average (the machine is shared: other jobs slow it down).
//
//   pnpm bench features [nImages=256] [cpuImages=8]
//   pnpm bench features --onnx DIR [--images N]   ONNX exports of ResNet-18/50 against PyTorch (features-onnx.ts)
//
// Imports go to the core sources directly until @neurotranslator/core's index re-exports them.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import os from "node:os";
import { extractFeatures, parsePreparation, StimulusPreparer } from "../packages/core/src/features/index.ts";
import {
  initTfEngine,
  currentTfEngine,
  type CnnEngineName,
} from "../packages/core/src/features/tf-engine.ts";
import { loadModelDir, disposeModel } from "../packages/core/src/models/index.ts";
import { SHARED_KAY_STIMULI_DIR, SHARED_MOBILENET_DIR } from "../packages/core/src/models/shared-assets.ts";
import type { NdArray } from "@neurotranslator/data/schema";

// jpeg-js is a dependency of @neurotranslator/data (its image module will wrap it); resolve it from there.
const jpeg = createRequire(new URL("../packages/data/package.json", import.meta.url))("jpeg-js") as {
  decode(
    data: Uint8Array,
    opts: { useTArray: true; formatAsRGBA: false },
  ): { width: number; height: number; data: Uint8Array };
};

if (process.argv.includes("--onnx")) {
  const { benchOnnx } = await import("./features-onnx.ts");
  await benchOnnx(process.argv);
  process.exit(0);
}

const nImages = Number(process.argv[2] ?? 256);
const cpuImages = Number(process.argv[3] ?? 8);

function loadKay(n: number): NdArray {
  let side = 0;
  let data = new Uint8Array(0);
  for (let i = 0; i < n; i++) {
    const img = jpeg.decode(readFileSync(join(SHARED_KAY_STIMULI_DIR, `${i}.jpg`)), {
      useTArray: true,
      formatAsRGBA: false,
    });
    if (i === 0) {
      side = img.width;
      data = new Uint8Array(n * side * side);
    }
    const channels = img.data.length / (img.width * img.height);
    for (let p = 0; p < side * side; p++) data[i * side * side + p] = img.data[p * channels] as number;
  }
  return { dtype: "uint8", shape: [n, side, side], data };
}

async function measure(images: NdArray, batchSize: number): Promise<number> {
  const model = await loadModelDir(SHARED_MOBILENET_DIR);
  // Warm-up on one image: kernels compile / allocate (and the ONNX graph converts) on first use.
  const side = (images.shape[1] ?? 0) * (images.shape[2] ?? 0);
  const used: string[] = [];
  await extractFeatures(
    model,
    { ...images, shape: [1, ...images.shape.slice(1)], data: (images.data as Uint8Array).subarray(0, side) },
    {
      batchSize,
      onEngine: (e) => used.push(e.fallbackReason ? `${e.name} (fallback: ${e.fallbackReason})` : e.name),
    },
  );
  const t0 = performance.now();
  await extractFeatures(model, images, { batchSize });
  const seconds = (performance.now() - t0) / 1000;
  disposeModel(model);
  if (used[0] !== currentTfEngine()?.name) console.log(`  note: ran on ${used.join(", ")}`);
  return (images.shape[0] ?? 0) / seconds;
}

const TARGET = 200;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
const report = (label: string, rate: number) =>
  console.log(
    `  ${label}: ${rate.toFixed(1)} images/s (${(rate / TARGET).toFixed(2)} x the ${TARGET} images/s target; load avg 1/5/15 min ${load()})`,
  );

const all = loadKay(nImages);
console.log(
  `${nImages} Kay images 128x128 -> 224x224x3, MobileNet v1 0.25, default 7 layers; ${os.availableParallelism()} cores`,
);
// Preparation alone (224 x 224 x 3 from 128 x 128 gray): the TF.js path vs FastPreparer (ONNX path).
await initTfEngine({ prefer: "wasm" }).catch(() => initTfEngine({ prefer: "cpu" }));
{
  const prep = new StimulusPreparer(all, parsePreparation(), { size: [224, 224], range: [0, 1] });
  const rate = (f: () => void) => {
    f();
    const t0 = performance.now();
    f();
    return nImages / ((performance.now() - t0) / 1000);
  };
  const tfRate = rate(() => {
    for (let s = 0; s < nImages; s += 32) prep.batch(s, Math.min(nImages, s + 32)).dispose();
  });
  const fastRate = rate(() => {
    for (let s = 0; s < nImages; s += 32) prep.batchArray(s, Math.min(nImages, s + 32));
  });
  console.log(
    `preparation only: TF.js (${currentTfEngine()?.tfBackend}) ${tfRate.toFixed(0)} images/s, FastPreparer ${fastRate.toFixed(0)} images/s (load avg ${load()})`,
  );
}
const engines: CnnEngineName[] = ["tfjs-node", "onnx", "wasm"];
for (const name of engines) {
  const info = await initTfEngine({ prefer: name }).catch((error: Error) => {
    console.log(`  ${name}: not available (${error.message.split("\n")[0]})`);
    return undefined;
  });
  if (!info) continue;
  console.log(
    `engine ${info.name} (TF.js backend ${info.tfBackend}, simd ${info.simd}, threads ${info.threads})`,
  );
  for (const batchSize of [16, 32, 64])
    report(`${info.name} batch ${batchSize}`, await measure(all, batchSize));
}
await initTfEngine({ prefer: "cpu" });
const subset = {
  ...all,
  shape: [cpuImages, ...all.shape.slice(1)],
  data: (all.data as Uint8Array).subarray(0, cpuImages * (all.shape[1] ?? 0) * (all.shape[2] ?? 0)),
};
report(`cpu batch 8 (${cpuImages} images)`, await measure(subset, 8));
