import type { LoadedModel } from "../models/load-model.ts";
import { sha256 } from "../models/model-files.ts";
import type { Preparation } from "./preparation.ts";

/** Everything that determines a feature set's values, as recorded with it. */
export interface FeatureCacheIngredients {
  modelId: string;
  /** ModelHash.combined: sha256 over model.json and every shard. */
  modelSha256: string;
  /** Layer names as requested (each becomes its own matrix). */
  layers: string[];
  preparation: Preparation;
}

/** The ingredients for a model, layers and (completed) preparation. */
export function featureCacheIngredients(
  model: LoadedModel,
  layers: readonly string[],
  preparation: Preparation,
): FeatureCacheIngredients {
  return { modelId: model.id, modelSha256: model.hash.combined, layers: [...layers], preparation };
}

/**
 * A stable key: sha256 of the ingredients as canonical JSON (object keys sorted, arrays in
 * order). The dataset's identity is the caller's to add (e.g. its content hash).
 */
export function featureCacheKey(ingredients: FeatureCacheIngredients): string {
  return sha256(canonicalJson(ingredients));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
