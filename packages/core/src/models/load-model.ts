import { tf } from "../features/tf-core.ts";
import { loadGraphModel, type GraphModel } from "@tensorflow/tfjs-converter";
import { loadLayersModel, type LayersModel } from "@tensorflow/tfjs-layers";
import { NtError } from "@neurotranslator/schema";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readModelDir, type ModelHash } from "./model-files.ts";
import { matchRegistryEntry, type RegistryEntry } from "./registry.ts";
import type { ModelSource } from "./resolve-source.ts";

/** A model in memory, with what identifies it (for feature cache keys) and describes it. */
export interface LoadedModel {
  /** Registry id when recognised, else the directory name or URL. */
  id: string;
  /** The local directory it was read from (a cache folder for URLs). */
  dir: string;
  source: ModelSource;
  hash: ModelHash;
  /** Exactly one of graph / layers is set, by format. */
  format: "graph-model" | "layers-model";
  graph?: GraphModel;
  layers?: LayersModel;
  /** Registry description (layer table, input size and range, head) when recognised. */
  entry?: RegistryEntry;
  /** ImageNet class names, from imagenet_classes.json beside model.json when present. */
  labels?: string[];
}

/**
 * Loads a model from a resolved source. A URL source must have been downloaded into its
 * `downloadDir` first (data's `downloadModel`; core does no HTTP). Caller disposes it (`disposeModel`).
 */
export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  if (source.kind === "dir") return loadModelDir(source.dir, source);
  if (!existsSync(join(source.downloadDir, "model.json"))) {
    throw new NtError(
      "NOT_FOUND",
      `model ${source.modelJsonUrl} has not been downloaded (expected it in ${source.downloadDir})`,
    );
  }
  return loadModelDir(source.downloadDir, source);
}

/** Loads the model in `dir` (model.json + shards) through tf.io.fromMemory. */
export async function loadModelDir(
  dir: string,
  source: ModelSource = { kind: "dir", id: dir, dir },
): Promise<LoadedModel> {
  const files = readModelDir(dir);
  const labels = readLabels(dir);
  const base = { dir, source, hash: files.hash, format: files.format, ...(labels ? { labels } : {}) };
  try {
    if (files.format === "layers-model") {
      const layers = await loadLayersModel(tf.io.fromMemory(files.artifacts));
      return { ...base, id: source.id, layers };
    }
    const graph = await loadGraphModel(tf.io.fromMemory(files.artifacts));
    const entry = source.entry ?? matchRegistryEntry(graphNodeNames(graph), files.hash.modelJson);
    const id = source.entry
      ? source.id
      : entry?.modelJsonSha256 === files.hash.modelJson
        ? entry.id
        : source.id;
    return { ...base, id, graph, ...(entry ? { entry } : {}) };
  } catch (error) {
    if (error instanceof NtError) throw error;
    throw new NtError(
      "FORMAT",
      `${join(dir, "model.json")}: TF.js could not load the ${files.format} (${(error as Error).message})`,
      { cause: error },
    );
  }
}

/** Every node name of a graph model (for layer lookup and error messages). */
export function graphNodeNames(graph: GraphModel): Set<string> {
  const executor = (graph as unknown as { executor: { graph: { nodes: Record<string, unknown> } } }).executor;
  return new Set(Object.keys(executor.graph.nodes));
}

/** Frees the model's weights. */
export function disposeModel(model: LoadedModel): void {
  model.graph?.dispose();
  model.layers?.dispose();
}

function readLabels(dir: string): string[] | undefined {
  const file = join(dir, "imagenet_classes.json");
  if (!existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  const labels = Array.isArray(parsed) ? parsed : Object.values(parsed as Record<string, unknown>);
  if (!labels.every((l) => typeof l === "string"))
    throw new NtError("FORMAT", `${file}: expected an array of class-name strings`);
  return labels as string[];
}
