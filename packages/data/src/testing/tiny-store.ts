import type { Dataset, FeatureSet } from "@neurotranslator/schema";
import { featureCacheKey } from "../store/cache-key.ts";
import type { Store } from "../store/store.ts";
import { D, N_TEST, N_TRAIN, ramp32, tinyDataset } from "./records.ts";

/**
 * Stores tinyDataset(name) and one feature set on it, "fs" with the single layer "late" (D ramp
 * features): the least a run needs.
 */
export async function storeTinyFeatureSet(
  store: Store,
  name: string,
): Promise<{ dataset: Dataset; featureSet: FeatureSet }> {
  const dataset = await store.datasets.create(tinyDataset(name));
  const model = { id: "m", source: "test" };
  const featureSet = await store.featureSets.create({
    featureSet: {
      datasetId: dataset.id,
      name: "fs",
      model,
      layers: ["late"],
      preparation: {},
      cacheKey: featureCacheKey({
        datasetHash: dataset.contentHash,
        model,
        layers: ["late"],
        preparation: {},
      }),
    },
    layers: [{ layer: "late", train: ramp32([N_TRAIN, D]), test: ramp32([N_TEST, D]) }],
  });
  return { dataset, featureSet };
}
