import { z } from "zod";
import { Count, EntityName, JsonObject, Sha256Hex, plainText } from "./common.ts";

/** The image model features came from: an id (e.g. "mobilenet_v1_025_224"), where it was loaded from, and its digest. */
export const ModelRef = z.object({
  id: z.string().min(1).max(200),
  /** A URL or a local path. */
  source: z.string().min(1),
  /** SHA-256 of the model files, when known. */
  sha256: Sha256Hex.optional(),
});
export type ModelRef = z.infer<typeof ModelRef>;

/** A layer name of a model (e.g. "MobilenetV1/Logits/global_pool"). */
export const LayerName = plainText(z.string().min(1).max(200));

/**
 * Features of one dataset's stimuli extracted with one model, for several layers.
 * `preparation` records how images were turned into model input (resize, channels, colorization).
 * `cacheKey` = SHA-256 over the dataset's content hash, model, layers and preparation (see the store's
 * `featureCacheKey`), unique: the same extraction is never stored twice.
 */
export const FeatureSet = z.object({
  id: z.uuid(),
  datasetId: z.uuid(),
  name: EntityName,
  model: ModelRef,
  layers: z.array(LayerName).min(1),
  preparation: JsonObject,
  cacheKey: Sha256Hex,
  createdAt: z.date(),
});
export type FeatureSet = z.infer<typeof FeatureSet>;

export const NewFeatureSet = FeatureSet.omit({ id: true, createdAt: true });
export type NewFeatureSet = z.infer<typeof NewFeatureSet>;

/** One layer's stored feature matrices: train [nTrain, dim] and test [nTest, dim] (ids of stored arrays). */
export const FeatureLayer = z.object({
  featureSetId: z.uuid(),
  layer: LayerName,
  dim: Count,
  trainArrayId: z.uuid(),
  testArrayId: z.uuid(),
});
export type FeatureLayer = z.infer<typeof FeatureLayer>;
