// ONNX import speed against PyTorch, in one run: torchvision ResNet-18 and ResNet-50 (random
// weights, seeded) exported by Debian's PyTorch into DIR (reused when already there), then
//   ours:    `extractOnnxFeatures` end to end on real Kay images (probe, session start, preparation
//            128x128 gray -> Resize(256) + CenterCrop(224), ImageNet mean/std, forward pass to the
//            penultimate vector) on onnxruntime-node;
//   PyTorch: its forward pass alone, on the very input tensors ours prepared, batches of 32, as many
//            threads as cores (model built and warmed up before the clock starts).
// The two alternate for --rounds rounds (so both see the same load on a shared machine); printed:
// images/s of each one's best round, our best time / PyTorch's best time (the target: at
// most 0.5), the median ratio over rounds, our fixed start per model (one image end to end: adding
// the outputs and building the session, which PyTorch's figure leaves out) and the load average.
// The default of 256 images is a small real extraction; at a few dozen images the fixed start
// dominates our time (--images 32 shows it).
//
//   pnpm bench features --onnx DIR [--images N=256] [--rounds R=3]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { readImageDir, writeNpyFile } from "@neurotranslator/data/formats";
import type { NdArray } from "@neurotranslator/data/schema";
import { extractOnnxFeatures } from "../packages/core/src/features/onnx-extract.ts";
import { parsePreparation } from "../packages/core/src/features/preparation.ts";
import { StimulusPreparer } from "../packages/core/src/features/prepare-stimuli.ts";
import {
  findPenultimate,
  IMAGENET_MEAN,
  IMAGENET_STD,
  readOnnxModel,
  resizeCropFraction,
  toModelTensor,
  type ModelInput,
} from "../packages/core/src/models/onnx/index.ts";
import { SHARED_KAY_STIMULI_DIR } from "../packages/core/src/models/shared-assets.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = resolve(import.meta.dirname, "../packages/core/scripts/onnx-reference.py");

export async function benchOnnx(argv: string[]): Promise<void> {
  const dir = resolve(argv[argv.indexOf("--onnx") + 1] ?? "bench-onnx");
  const at = argv.indexOf("--images");
  const nImages = at >= 0 ? Number(argv[at + 1]) : 256;
  const rounds = argv.includes("--rounds") ? Number(argv[argv.indexOf("--rounds") + 1]) : 3;
  mkdirSync(dir, { recursive: true });
  const stimuli = await readImageDir(SHARED_KAY_STIMULI_DIR, { limit: nImages });
  const images: NdArray = {
    dtype: "float32",
    shape: [nImages, stimuli.height, stimuli.width],
    data: stimuli.data,
  };
  const modelInput: ModelInput = {
    size: [224, 224],
    layout: "nchw",
    channelOrder: "rgb",
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    resize: { rule: "shorter-side-crop", shorterSide: 256 },
  };
  const preparation = parsePreparation({ centerCropFraction: resizeCropFraction(modelInput), modelInput });
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ");
  console.log(
    `${nImages} Kay images 128x128 -> 224x224 (Resize(256) + CenterCrop(224), ImageNet mean/std); ${os.availableParallelism()} cores; exports in ${dir}`,
  );
  // The input tensors PyTorch gets: exactly what our preparation makes.
  const tensor = join(dir, `kay-${nImages}.npy`);
  const prepared = toModelTensor(
    new StimulusPreparer(images, preparation, { size: [224, 224], range: [0, 1] }).batchArray(0, nImages),
    nImages,
    modelInput,
  );
  writeNpyFile(tensor, { dtype: "float32", shape: [nImages, 3, 224, 224], data: prepared });
  for (const arch of ["resnet18", "resnet50"]) {
    const path = join(dir, `${arch}.onnx`);
    if (!existsSync(path)) execFileSync(PYTHON, [SCRIPT, "export", arch, path], { stdio: "inherit" });
    const model = readOnnxModel(path);
    const layer = findPenultimate(model);
    if (layer === undefined) throw new Error(`${path}: no penultimate vector found`);
    const ours: number[] = [];
    const torch: number[] = [];
    let version = "";
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      await extractOnnxFeatures(model, images, { layers: [layer], preparation });
      ours.push((performance.now() - t0) / 1000);
      const t = JSON.parse(
        execFileSync(PYTHON, [SCRIPT, "time", arch, tensor, String(os.availableParallelism())], {
          encoding: "utf8",
        }),
      ) as { seconds: number; torch: string };
      torch.push(t.seconds);
      version = t.torch;
    }
    const t1 = performance.now();
    await extractOnnxFeatures(
      model,
      {
        ...images,
        shape: [1, ...images.shape.slice(1)],
        data: stimuli.data.subarray(0, stimuli.height * stimuli.width),
      },
      { layers: [layer], preparation },
    );
    const start = (performance.now() - t1) / 1000;
    const best = (xs: number[]) => Math.min(...xs);
    const ratios = ours.map((o, k) => o / (torch[k] as number)).sort((a, b) => a - b);
    console.log(
      `  ${arch}: ours ${(nImages / best(ours)).toFixed(1)} images/s end to end, PyTorch ${version} ${(nImages / best(torch)).toFixed(1)} images/s forward only (best of ${rounds}); ` +
        `time ratio ours / PyTorch ${(best(ours) / best(torch)).toFixed(2)} best-to-best, ${(ratios[Math.floor(ratios.length / 2)] as number).toFixed(2)} median of rounds (target <= 0.5); our fixed start ${start.toFixed(2)} s (one image end to end); load ${load()}`,
    );
  }
}
