import type * as tf from "@tensorflow/tfjs-core";
import { NtError } from "@neurotranslator/schema";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadedModel } from "../../models/load-model.ts";
import { parseModelJson } from "../../models/model-files.ts";
import type { SelectedLayer } from "../layer-selection.ts";
import { convertTfGraphToOnnx, type OnnxConversion, type TfWeight } from "./convert-graph.ts";
import { createOnnxSession, loadOnnxRuntime, type OrtModule, type OrtSession } from "./onnx-runtime.ts";
import type { TfNode } from "./tf-node.ts";

/** A model's selected layers compiled to one ONNX Runtime session. */
export interface OnnxFeatureRunner {
  conversion: OnnxConversion;
  /** One forward pass of x: [n, H, W, C] NHWC float32 -> per layer (selection order) [n, D_layer]. */
  run(x: Float32Array, n: number): Promise<Float32Array[]>;
  release(): Promise<void>;
}

// One runner per model and layer list: conversion + session creation cost ~0.1-0.3 s.
const runners = new WeakMap<LoadedModel, Map<string, Promise<OnnxFeatureRunner>>>();

/**
 * The ONNX runner for `layers` of `model` (a TF.js graph model), converted and started on first
 * use and cached with the model. NtError ENGINE when onnxruntime-node is missing or the graph
 * has an op the converter does not support (the caller then runs TF.js).
 */
export function onnxFeatureRunner(
  model: LoadedModel,
  layers: readonly SelectedLayer[],
): Promise<OnnxFeatureRunner> {
  let perModel = runners.get(model);
  if (!perModel) runners.set(model, (perModel = new Map()));
  const key = layers.map((l) => l.node).join("\n");
  let runner = perModel.get(key);
  if (!runner) {
    runner = buildRunner(model, layers);
    perModel.set(key, runner);
    const cache = perModel;
    runner.catch(() => cache.delete(key));
  }
  return runner;
}

/**
 * What the ONNX engine runs for `layers` of a TF.js graph model: the converted ONNX bytes (NHWC
 * input transposed once; every layer an [N, D] output, conv maps by global average pooling), for
 * users to inspect (`features extract --export-onnx`). NtError ENGINE naming the node the converter
 * cannot express.
 */
export function convertModelToOnnx(model: LoadedModel, layers: readonly SelectedLayer[]): OnnxConversion {
  return convertTfGraphToOnnx(
    graphNodes(model),
    graphWeights(model),
    layers.map((l) => l.node),
  );
}

async function buildRunner(model: LoadedModel, layers: readonly SelectedLayer[]): Promise<OnnxFeatureRunner> {
  const ort = await loadOnnxRuntime();
  const conversion = convertTfGraphToOnnx(
    graphNodes(model),
    graphWeights(model),
    layers.map((l) => l.node),
  );
  const session = await createOnnxSession(ort, conversion.bytes);
  return {
    conversion,
    run: (x, n) => runSession(ort, session, conversion, x, n),
    release: () => session.release(),
  };
}

async function runSession(
  ort: OrtModule,
  session: OrtSession,
  conversion: OnnxConversion,
  x: Float32Array,
  n: number,
): Promise<Float32Array[]> {
  const [, h, w, c] = conversion.input.shape as [number, number, number, number];
  if (x.length !== n * h * w * c)
    throw new NtError(
      "BAD_INPUT",
      `ONNX engine: input holds ${x.length} values, expected [${n}, ${h}, ${w}, ${c}]`,
    );
  const result = await session.run({ [conversion.input.name]: new ort.Tensor("float32", x, [n, h, w, c]) });
  return conversion.outputs.map((o) => {
    const t = result[o.onnx];
    if (!t || !(t.data instanceof Float32Array) || t.data.length !== n * o.dim) {
      throw new NtError(
        "INTERNAL",
        `ONNX engine: output "${o.onnx}" (${o.node}) has dims [${t?.dims.join(", ") ?? "none"}], expected [${n}, ${o.dim}]`,
      );
    }
    return t.data;
  });
}

function graphNodes(model: LoadedModel): TfNode[] {
  const file = join(model.dir, "model.json");
  const json = parseModelJson(readFileSync(file, "utf8"), file);
  const nodes = (json.modelTopology as { node?: unknown }).node;
  if (!Array.isArray(nodes))
    throw new NtError("ENGINE", `${file}: modelTopology has no node list (not a graph model)`);
  return nodes as TfNode[];
}

/** The graph's constants (GraphModel.weights) as host arrays. */
function graphWeights(model: LoadedModel): Map<string, TfWeight> {
  const graph = model.graph;
  if (!graph)
    throw new NtError(
      "ENGINE",
      `model ${model.id}: the ONNX engine needs a graph model, this is a ${model.format}`,
    );
  const out = new Map<string, TfWeight>();
  for (const [name, tensors] of Object.entries(graph.weights)) {
    const t = tensors[0] as tf.Tensor | undefined;
    if (!t || (t.dtype !== "float32" && t.dtype !== "int32")) continue;
    out.set(name, { shape: [...t.shape], data: t.dataSync() as Float32Array | Int32Array });
  }
  return out;
}
