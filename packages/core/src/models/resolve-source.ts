import { NtError } from "@neurotranslator/schema";
import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { localRegistryDir } from "./bundled-models.ts";
import { cachedModelDir } from "./model-files.ts";
import { DEFAULT_MODEL_ID, MODEL_REGISTRY, registryModelJsonUrl, type RegistryEntry } from "./registry.ts";

/**
 * Where a model comes from, after resolving `--model`. A URL source is fetched into `downloadDir` by
 * the caller (data's `downloadModel`): core itself does no HTTP.
 */
export type ModelSource =
  | { kind: "dir"; id: string; dir: string; entry?: RegistryEntry }
  | {
      kind: "url";
      id: string;
      modelJsonUrl: string;
      cacheDir: string;
      downloadDir: string;
      entry?: RegistryEntry;
    };

export interface ResolveModelOptions {
  /** Folder for downloaded models (the caller owns its location). */
  cacheDir: string;
  /** A configured local model directory (the CLI's NEUROTRANSLATOR_MODEL), read by the caller. */
  envModel?: string | undefined;
  /** How errors name `envModel` (default "the configured model directory"). */
  envModelLabel?: string | undefined;
}

/**
 * Resolves `--model ID|DIR|URL`:
 * - missing/empty: `envModel` when set (a local directory), else the registry default
 *   (`mobilenet_v1_025_224`, bundled with the repository);
 * - `http(s)://...`: a model.json URL, or a folder URL to which "/model.json" is added;
 * - a registry id (see MODEL_REGISTRY): a local copy when there is one (`envModel` holding that
 *   model, the bundled copy, or an earlier download in the cache), else its published URL;
 * - otherwise an existing directory holding model.json.
 * Throws NtError NOT_FOUND listing the registry ids when nothing matches.
 */
export function resolveModelSource(spec: string | undefined, options: ResolveModelOptions): ModelSource {
  const { cacheDir, envModel } = options;
  if (spec === undefined || spec.trim() === "") {
    if (envModel !== undefined && envModel.trim() !== "")
      return dirSource(envModel, options.envModelLabel ?? "the configured model directory");
    return registrySource(DEFAULT_MODEL_ID, options);
  }
  if (/^https?:\/\//i.test(spec)) {
    const modelJsonUrl = /\.json(\?|$)/i.test(spec) ? spec : `${spec.replace(/\/+$/, "")}/model.json`;
    return {
      kind: "url",
      id: modelJsonUrl,
      modelJsonUrl,
      cacheDir,
      downloadDir: cachedModelDir(cacheDir, modelJsonUrl),
    };
  }
  if (Object.hasOwn(MODEL_REGISTRY, spec)) return registrySource(spec, options);
  if (existsSync(spec)) return dirSource(spec, "--model");
  throw new NtError(
    "NOT_FOUND",
    `--model "${spec}" is not a registry id, an http(s) URL or an existing directory; registry ids: ${Object.keys(MODEL_REGISTRY).join(", ")}`,
  );
}

function registrySource(id: string, options: ResolveModelOptions): ModelSource {
  const entry = MODEL_REGISTRY[id] as RegistryEntry;
  const local = localRegistryDir(entry, options);
  if (local !== undefined) return { kind: "dir", id, dir: local, entry };
  const modelJsonUrl = registryModelJsonUrl(entry);
  return {
    kind: "url",
    id,
    modelJsonUrl,
    cacheDir: options.cacheDir,
    downloadDir: cachedModelDir(options.cacheDir, modelJsonUrl),
    entry,
  };
}

function dirSource(path: string, what: string): ModelSource {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new NtError(
      "NOT_FOUND",
      `${what}: ${dir} is not a directory (expected a folder with model.json and its weight shards)`,
    );
  }
  return { kind: "dir", id: basename(dir), dir };
}
