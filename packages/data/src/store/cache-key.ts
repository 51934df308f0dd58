import { createHash } from "node:crypto";
import type { JsonObject, ModelRef } from "@neurotranslator/schema";

/** JSON with object keys sorted at every level, so equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/**
 * The feature-set cache key: SHA-256 (hex) of the canonical JSON of the dataset's content hash, the
 * model, the layers (in order) and the preparation. Equal keys mean the same extraction.
 */
export function featureCacheKey(input: {
  datasetHash: string;
  model: ModelRef;
  layers: readonly string[];
  preparation: JsonObject;
}): string {
  const { datasetHash, model, layers, preparation } = input;
  return createHash("sha256")
    .update(canonicalJson({ datasetHash, model, layers, preparation }))
    .digest("hex");
}
