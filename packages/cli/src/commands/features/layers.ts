import type { Command } from "commander";
import { readEnv } from "../../env.ts";
import { cacheDir } from "../../context.ts";
import { emit, note, table } from "../../output.ts";
import { closeModel, openModel } from "@neurotranslator/app/models";
import { openOnnx, refuseOnnxFlags, resolveOnnx } from "@neurotranslator/app/onnx-models";
import { extractProgress } from "./extract-progress.ts";
import { onnxInputFlags, withOnnxInputOptions } from "./flags.ts";

interface LayersFlags {
  model?: string;
  inputSize?: string;
  mean?: string;
  std?: string;
  channelOrder?: string;
  layout?: string;
  resize?: string;
  json?: boolean;
}

export function registerFeatureLayers(features: Command): void {
  const command = features
    .command("layers")
    .description(
      "list the layers a model offers for --layers: ONNX values with their shapes on one gray image (spatial ones are pooled to channels), TF.js friendly and graph node names",
    )
    .option("--model <id|dir|file|url>", "as for features extract");
  withOnnxInputOptions(command)
    .option("--json", "print one JSON document")
    .action(async (opts: LayersFlags) => {
      const input = onnxInputFlags(opts);
      const choice = { spec: opts.model, envModel: readEnv().NEUROTRANSLATOR_MODEL, cacheDir: cacheDir() };
      const onnx = await resolveOnnx(choice, extractProgress().onDownload);
      if (onnx) {
        const core = await import("@neurotranslator/core");
        const { model, modelInput, notes } = await openOnnx(onnx, input);
        for (const n of notes) note(n);
        const layers = await core.listOnnxLayers(model, modelInput);
        const penultimate = core.findPenultimate(model);
        emit(
          opts,
          {
            model: {
              id: onnx.id,
              path: onnx.path,
              sha256: model.sha256,
              format: "onnx",
              input: model.input,
              opset: model.opset,
            },
            modelInput,
            penultimate: penultimate ?? null,
            layers,
          },
          () =>
            `${onnx.path}: input "${model.input.name}" [${model.input.dims.join(", ")}] ${model.input.layout.toUpperCase()}, opset ${model.opset}; ${layers.length} values ` +
            `(spatial: averaged over height and width, D = channels)${penultimate ? `; penultimate (default layer, classifier input): ${penultimate}` : ""}\n` +
            table(
              ["name", "op", "shape (1 image)", "D", "kind"],
              layers.map((l) => [
                l.name,
                l.op,
                `[${l.dims.join(", ")}]`,
                l.dim,
                `${l.spatial ? "spatial" : "vector"}${l.graphOutput ? ", graph output" : ""}${l.name === penultimate ? ", penultimate" : ""}`,
              ]),
            ),
        );
        return;
      }
      refuseOnnxFlags(input, opts.model ?? "the default model");
      const core = await import("@neurotranslator/core");
      await core.initTfEngine();
      const model = await openModel(choice);
      try {
        const { friendly, raw } = core.listModelLayers(model, { raw: true });
        emit(
          opts,
          { model: { id: model.id, dir: model.dir, format: model.format }, friendly, raw: raw ?? [] },
          () =>
            `${model.id} (TF.js ${model.format}): friendly names\n${table(["name", "graph node"], Object.entries(friendly))}\n${raw?.length ?? 0} graph node names (--json lists them)`,
        );
      } finally {
        await closeModel(model);
      }
    });
}
