import type { FeatureLayer, FeatureSet } from "@neurotranslator/data";

/** The JSON shape of a feature set in every `features` command's output. */
export function featureSetJson(featureSet: FeatureSet, layers: FeatureLayer[], datasetName?: string) {
  const { extraction, ...preparation } = featureSet.preparation;
  return {
    id: featureSet.id,
    name: featureSet.name,
    ...(datasetName === undefined ? {} : { dataset: datasetName }),
    model: featureSet.model,
    layers: layers.map(({ layer, dim }) => ({ layer, dim })),
    preparation,
    extraction: extraction ?? null,
    cacheKey: featureSet.cacheKey,
    createdAt: featureSet.createdAt.toISOString(),
  };
}

/** One line: name, model, layers with dims. */
export function featureSetLine(featureSet: FeatureSet, layers: FeatureLayer[]): string {
  return `${featureSet.name}: model ${featureSet.model.id}, ${layers.length} layers (${layers.map((l) => `${l.layer} ${l.dim}`).join(", ")})`;
}
