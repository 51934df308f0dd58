import type { Command } from "commander";
import { NtError } from "@neurotranslator/data/errors";
import { readEnv } from "../../env.ts";
import { cacheDir, withStore } from "../../context.ts";
import { extractProgress } from "./extract-progress.ts";
import { emit, note } from "../../output.ts";
import { extractFeatureSet } from "@neurotranslator/app/features";
import { featureSetJson, featureSetLine } from "./describe.ts";
import { parseInteger, parseList } from "../../flags.ts";
import { onnxInputFlags, preparationFlags, withOnnxInputOptions } from "./flags.ts";
import { refuseOnnxFlags, resolveOnnx } from "@neurotranslator/app/onnx-models";
import { extractOnnxFeatureSet } from "@neurotranslator/app/onnx-features";

interface ExtractFlags {
  dataset: string;
  model?: string;
  layers?: string;
  name?: string;
  valueRange?: string;
  crop?: string;
  aperture?: string;
  colorize?: string;
  batchSize?: string;
  inputSize?: string;
  mean?: string;
  std?: string;
  channelOrder?: string;
  layout?: string;
  resize?: string;
  exportOnnx?: string;
  json?: boolean;
}

export function registerExtract(features: Command): void {
  const command = features
    .command("extract")
    .description("run the CNN over a dataset's stimuli (train + test) and store one feature set (cached)")
    .requiredOption("--dataset <name>", "dataset in the store")
    .option(
      "--model <id|dir|file|url>",
      "registry id, TF.js model directory or model.json URL, or an .onnx file / folder holding one / URL (default $NEUROTRANSLATOR_MODEL, else mobilenet_v1_025_224)",
    )
    .option(
      "--layers <a,b,...>",
      "layer names (friendly or graph node names; ONNX: value names, see `features layers`; default: the model's default layers, ONNX: the penultimate vector)",
    )
    .option("--name <name>", "feature-set name (default: the model id)")
    .option(
      "--value-range <mode>",
      "robust-global[:LOW,HIGH] (default 0.5,99.5) | minmax-global | per-image | clip:MIN,MAX",
    )
    .option("--crop <fraction>", "keep the central square of this fraction of the image side (default 1)")
    .option("--aperture <spec>", "none (default) | circle[:RADIUS[,FILL]]")
    .option("--colorize <model>", "a TF.js image-to-image model (directory or URL) applied after gray -> RGB")
    .option("--batch-size <n>", "images per forward pass (default 32)")
    .option(
      "--export-onnx <out.onnx>",
      "TF.js graph models: also write the ONNX graph our converter makes of the requested layers",
    );
  withOnnxInputOptions(command)
    .option("--json", "print one JSON document")
    .action(async (opts: ExtractFlags, command: Command) => {
      // Flags are checked before the store opens or the model loads.
      const layers = parseList("--layers", opts.layers, "layer");
      const preparation = preparationFlags(opts);
      const batchSize = parseInteger("--batch-size", opts.batchSize, { min: 1, max: 4096 });
      const input = onnxInputFlags(opts);
      if (opts.exportOnnx !== undefined && !/\.onnx$/i.test(opts.exportOnnx))
        throw new NtError("BAD_INPUT", `--export-onnx ${opts.exportOnnx}: the file name must end in .onnx`);
      const model = { spec: opts.model, envModel: readEnv().NEUROTRANSLATOR_MODEL, cacheDir: cacheDir() };
      await withStore(command, async (store) => {
        const bar = extractProgress();
        const onnx = await resolveOnnx(model, bar.onDownload);
        if (onnx && opts.exportOnnx !== undefined)
          throw new NtError(
            "BAD_INPUT",
            `--export-onnx writes what a TF.js model converts to; ${onnx.path} is already ONNX`,
          );
        if (!onnx) refuseOnnxFlags(input, opts.model ?? "the default model");
        const common = {
          dataset: opts.dataset,
          name: opts.name,
          model,
          layers,
          preparation,
          colorize: opts.colorize,
          batchSize,
          onDownload: bar.onDownload,
          onProgress: bar.onProgress,
        };
        const outcome = onnx
          ? await extractOnnxFeatureSet(store, onnx, { ...common, input, onNote: note })
          : await extractFeatureSet(store, { ...common, exportOnnx: opts.exportOnnx });
        if (outcome.extraction)
          bar.done(
            `${outcome.extraction.images} images, ${outcome.extraction.imagesPerSecond.toFixed(1)} images/s on ${outcome.extraction.engine.name}`,
          );
        else
          note(
            `cached: the same extraction is stored as feature set "${outcome.featureSet.name}"; nothing was computed`,
          );
        emit(
          opts,
          {
            featureSet: featureSetJson(outcome.featureSet, outcome.layers, opts.dataset),
            cached: outcome.cached,
          },
          () =>
            `${outcome.cached ? "cached" : "extracted"} ${featureSetLine(outcome.featureSet, outcome.layers)}`,
        );
      });
    });
}
