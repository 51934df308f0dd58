import { join } from "node:path";
import type { LoadedModel, ModelSource } from "@neurotranslator/core";
import type { ProgressCallback } from "@neurotranslator/schema";

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
  return resolveModelSource(choice.spec, {
    cacheDir: modelCacheDir(choice.cacheDir),
    envModel: choice.envModel,
    envModelLabel: "NEUROTRANSLATOR_MODEL",
  });
}

/** What a failed model download tells the user to do instead. */
const OFFLINE_HINT =
  "Set NEUROTRANSLATOR_MODEL to a local model directory (model.json + weight shards) to work offline";

/**
 * Makes a resolved source local: a URL source is downloaded once into its `downloadDir` (data's
 * downloader; offline, the NETWORK error says to set NEUROTRANSLATOR_MODEL). Returns the source.
 */
export async function fetchModel(source: ModelSource, onDownload?: ProgressCallback): Promise<ModelSource> {
  if (source.kind === "dir") return source;
  const { downloadModel } = await import("@neurotranslator/data");
  await downloadModel(source.modelJsonUrl, {
    dir: source.downloadDir,
    modelJsonSha256: source.entry?.modelJsonSha256,
    onProgress: onDownload,
    offlineHint: OFFLINE_HINT,
  });
  return source;
}

/**
 * Resolves, downloads when needed (into `<cacheDir>/models`) and loads a model. The caller disposes
 * it with `closeModel`.
 */
export async function openModel(choice: ModelChoice, onDownload?: ProgressCallback): Promise<LoadedModel> {
  const { loadModel } = await import("@neurotranslator/core");
  return loadModel(await fetchModel(await resolveModel(choice), onDownload));
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
