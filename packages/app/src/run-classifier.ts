import { existsSync } from "node:fs";
import { basename } from "node:path";
import type { ClassifierHead } from "@neurotranslator/core";
import type { FeatureSet } from "@neurotranslator/data";
import { fetchModel, modelCacheDir } from "./models.ts";
import { resolveOnnx } from "./onnx-models.ts";

/** Where models may be found: the cache folder and NEUROTRANSLATOR_MODEL (read by the caller in env.ts). */
export interface ModelLocations {
  cacheDir: string;
  envModel?: string | undefined;
}

/** A head to classify true and predicted features with, or why there is none (printed as a note). */
export type ClassifierChoice =
  { head: ClassifierHead; model: string; tfEngine: string } | { skipped: string };

/**
 * The classifier head of the feature set's model, when `layer` is the head's input (the model's
 * penultimate vector, e.g. global_pool) and the model can be loaded: from its stored source when
 * that is a local folder, from NEUROTRANSLATOR_MODEL when that folder holds the same model (same
 * id or same model.json digest), else by its registry id or URL (downloaded once into the cache).
 * Never throws: a model that cannot be loaded skips the classifier metrics with a reason.
 */
export async function loadClassifier(
  featureSet: FeatureSet,
  layer: string,
  dim: number,
  where: ModelLocations,
): Promise<ClassifierChoice> {
  const ref = featureSet.model;
  if (ref.id === "imported") {
    return {
      skipped: `feature set "${featureSet.name}" was imported from ${basename(ref.source)} without a model: imported features have no classifier head, so top-1/top-5 class agreement is not computed (import with --model-id ID to name the model whose head they feed)`,
    };
  }
  try {
    const core = await import("@neurotranslator/core");
    if (isOnnxFeatureSet(featureSet)) return await loadOnnxClassifier(featureSet, layer, dim, where);
    // A registry model names its head's input layer: any other layer is skipped before the engine
    // and the weights load (they cost a second or more), as is a model that cannot be found.
    const known = core.MODEL_REGISTRY[ref.id];
    if (known !== undefined && layer !== known.penultimate && layer !== known.layers[known.penultimate]) {
      return {
        skipped: `layer "${layer}" is not the input of ${ref.id}'s classifier head (${known.penultimate}): classifier metrics skipped`,
      };
    }
    const source = pickSource(ref, where);
    const resolved =
      source.kind === "dir"
        ? undefined
        : core.resolveModelSource(source.spec, {
            cacheDir: modelCacheDir(where.cacheDir),
            envModel: where.envModel,
            envModelLabel: "NEUROTRANSLATOR_MODEL",
          });
    const tf = await core.initTfEngine();
    const model =
      resolved === undefined
        ? await core.loadModelDir((source as { dir: string }).dir)
        : await core.loadModel(await fetchModel(resolved));
    try {
      const penultimate = model.entry?.penultimate;
      const inputLayers = penultimate === undefined ? [] : [penultimate, model.entry?.layers[penultimate]];
      const head = core.readClassifierHead(model);
      const isInput = inputLayers.includes(layer) || (penultimate === undefined && head.inputDim === dim);
      if (!isInput)
        return {
          skipped: `layer "${layer}" is not the input of ${model.id}'s classifier head (${penultimate ?? `a ${head.inputDim}-d vector`}): classifier metrics skipped`,
        };
      if (head.inputDim !== dim)
        return {
          skipped: `layer "${layer}" has D = ${dim} but ${model.id}'s head takes ${head.inputDim}: classifier metrics skipped`,
        };
      return { head, model: model.id, tfEngine: tf.name };
    } finally {
      core.disposeModel(model);
    }
  } catch (error) {
    return {
      skipped: `model ${ref.id} (${ref.source}) could not be loaded, classifier metrics skipped: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function pickSource(
  ref: FeatureSet["model"],
  where: ModelLocations,
): { kind: "dir"; dir: string } | { kind: "spec"; spec: string } {
  if (existsSync(ref.source)) return { kind: "dir", dir: ref.source };
  if (
    where.envModel &&
    existsSync(where.envModel) &&
    (basename(where.envModel) === ref.id ||
      ref.id.startsWith(basename(where.envModel).replace(/_imagenet$/, "")))
  ) {
    return { kind: "dir", dir: where.envModel };
  }
  return { kind: "spec", spec: /^https?:\/\//.test(ref.source) ? ref.source : ref.id };
}

/** Whether the feature set came from an ONNX model (its preparation records the model input). */
function isOnnxFeatureSet(featureSet: FeatureSet): boolean {
  return (featureSet.preparation as { modelInput?: unknown }).modelInput !== undefined;
}

/**
 * The head of an ONNX feature set's model, cut from `layer` to its logits and linearised (core's
 * onnxClassifierHead): from the stored file when it is still there, else its URL or registry id
 * (downloaded once into the cache); the file must have the recorded sha256.
 */
async function loadOnnxClassifier(
  featureSet: FeatureSet,
  layer: string,
  dim: number,
  where: ModelLocations,
): Promise<ClassifierChoice> {
  const core = await import("@neurotranslator/core");
  const ref = featureSet.model;
  const spec = existsSync(ref.source)
    ? ref.source
    : Object.hasOwn(core.ONNX_REGISTRY, ref.id)
      ? ref.id
      : ref.source;
  const choice = await resolveOnnx({ spec, cacheDir: where.cacheDir });
  if (!choice)
    return {
      skipped: `model ${ref.id} (${ref.source}) is no longer an ONNX file: classifier metrics skipped`,
    };
  const model = core.readOnnxModel(choice.path);
  if (model.sha256 !== ref.sha256)
    return {
      skipped: `${choice.path} has changed since the features were extracted (sha256 ${model.sha256.slice(0, 12)}…, recorded ${(ref.sha256 ?? "").slice(0, 12)}…): classifier metrics skipped`,
    };
  // Most layers are conv maps: the graph alone says so, before the model runs.
  const blocker = core.onnxHeadBlocker(model, layer);
  if (blocker !== undefined) return { skipped: `${blocker}: classifier metrics skipped` };
  const modelInput = core.ModelInput.parse((featureSet.preparation as { modelInput: unknown }).modelInput);
  const [record] = await core.probeOnnxLayers(model, [layer], modelInput);
  if (!record || core.featureWidth(record) !== dim)
    return {
      skipped: `layer "${layer}" has D = ${dim} but the model computes ${record ? core.featureWidth(record) : "nothing"} there: classifier metrics skipped`,
    };
  const choiceHead = await core.onnxClassifierHead(model, record, core.imagenetClassNames());
  if ("skipped" in choiceHead) return { skipped: `${choiceHead.skipped}: classifier metrics skipped` };
  return { head: choiceHead.head, model: ref.id, tfEngine: "onnxruntime" };
}
