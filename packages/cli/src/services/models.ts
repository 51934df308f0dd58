import { join } from "node:path";
import type { DownloadProgress, LoadedModel, ModelSource } from "@neurotranslator/core";

/** Where a model comes from: the `--model` flag, else NEUROTRANSLATOR_MODEL, else the registry default. */
export interface ModelChoice {
  /** `--model ID|DIR|URL` as typed (undefined = not given). */
  spec?: string | undefined;
  /** NEUROTRANSLATOR_MODEL (a local model directory), read by the caller from env.ts. */
  envModel?: string | undefined;
  /** Downloaded models go to `<cacheDir>/models` (context.ts `cacheDir()`). */
  cacheDir: string;
}

/**
 * Resolves a model choice to its source without loading anything: registry id -> published URL,
 * http(s) -> URL, else an existing directory. Throws NtError NOT_FOUND naming the bad spec and
 * listing the registry ids.
 */
export async function resolveModel(choice: ModelChoice): Promise<ModelSource> {
  const { resolveModelSource } = await import("@neurotranslator/core");
  return resolveModelSource(choice.spec, { cacheDir: modelCacheDir(choice.cacheDir), envModel: choice.envModel });
}

/**
 * Resolves and loads a model (URLs are downloaded once into `<cacheDir>/models`; offline, the
 * NETWORK error says to set NEUROTRANSLATOR_MODEL). The caller disposes it with `closeModel`.
 */
export async function openModel(choice: ModelChoice, onDownload?: (p: DownloadProgress) => void): Promise<LoadedModel> {
  const { loadModel } = await import("@neurotranslator/core");
  const source = await resolveModel(choice);
  return loadModel(source, onDownload ? { onProgress: onDownload } : {});
}

/** Frees a model's weights. */
export async function closeModel(model: LoadedModel): Promise<void> {
  const { disposeModel } = await import("@neurotranslator/core");
  disposeModel(model);
}

/** Where a source lives, for provenance records: the directory or the model.json URL. */
export function modelLocation(source: ModelSource): string {
  return source.kind === "dir" ? source.dir : source.modelJsonUrl;
}

/** The folder for downloaded models under the CLI's cache directory. */
export function modelCacheDir(cacheDir: string): string {
  return join(cacheDir, "models");
}
