import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cachedModelDir } from "./model-files.ts";
import { sha256 } from "./model-files.ts";
import { registryModelJsonUrl, type RegistryEntry } from "./registry.ts";

/**
 * Models shipped inside the repository (packages/core/models, each with its LICENSE and SOURCE.md),
 * so the main job runs offline on a bare clone. Both src/models and dist/models sit two levels
 * below the package root.
 */
export const BUNDLED_MODELS_DIR = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../models");

/** Registry id -> folder name under BUNDLED_MODELS_DIR. */
const BUNDLED: Readonly<Record<string, string>> = {
  mobilenet_v1_025_224: "mobilenet_v1_025_224_imagenet",
};

/** The bundled copy of a registry model, when one ships with the repository. */
export function bundledModelDir(id: string): string | undefined {
  const name = BUNDLED[id];
  if (name === undefined) return undefined;
  const dir = join(BUNDLED_MODELS_DIR, name);
  return existsSync(join(dir, "model.json")) ? dir : undefined;
}

/** Whether `dir`/model.json is the registry entry's published model.json (same sha256). */
function holdsEntry(dir: string, entry: RegistryEntry): boolean {
  if (entry.modelJsonSha256 === undefined) return false;
  try {
    return sha256(readFileSync(join(dir, "model.json"))) === entry.modelJsonSha256;
  } catch {
    return false;
  }
}

/**
 * A local folder holding registry model `entry`, so that naming it never touches the network when
 * its files are here: the configured model directory (`envModel`) when it holds that very model (same model.json sha256),
 * else the bundled copy, else a complete earlier download in the cache. Undefined: download it.
 */
export function localRegistryDir(
  entry: RegistryEntry,
  options: { cacheDir: string; envModel?: string | undefined },
): string | undefined {
  const env = options.envModel?.trim();
  if (env !== undefined && env !== "" && holdsEntry(resolve(env), entry)) return resolve(env);
  const bundled = bundledModelDir(entry.id);
  if (bundled !== undefined) return bundled;
  const cached = cachedModelDir(options.cacheDir, registryModelJsonUrl(entry));
  return existsSync(join(cached, "model.json")) ? cached : undefined;
}

/**
 * The 1000 ImageNet-1k class names in the standard (synset-sorted) order, from the bundled
 * MobileNet's imagenet_classes.json: the order every ImageNet classifier's 1000 logits follow
 * (a 1001-way head has the background class first, dropped before these apply).
 */
export function imagenetClassNames(): string[] | undefined {
  const file = join(BUNDLED_MODELS_DIR, "mobilenet_v1_025_224_imagenet", "imagenet_classes.json");
  if (!existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  const labels = Array.isArray(parsed) ? parsed : Object.values(parsed as Record<string, unknown>);
  return labels.length === 1000 && labels.every((l) => typeof l === "string")
    ? (labels as string[])
    : undefined;
}
