// Test support (not shipped): a small dataset with a planted area -> layer mapping, stored with a feature set.
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import {
  KAY_ROI_NAMES,
  importBundle,
  openStore,
  type Dataset,
  type FeatureSet,
  type NdArray,
  type Store,
} from "@neurotranslator/data";
import { makeRandom, tempDir } from "@neurotranslator/data/testing";

/**
 * Two feature "layers" of independent N(0, 1) features; V1's voxels are linear in layer "early",
 * V2's in layer "late", plus N(0, noise²): x = f · M + e with M entries N(0, 1/D). Seeded, so the
 * same spec always gives the same bytes (and the same dataset content hash).
 */
export type PlantedSpec = {
  nTrain: number;
  nTest: number;
  /** Voxels per area (V1, V2). */
  voxels: number;
  /** Features per layer. */
  dim: number;
  noise: number;
  seed: number;
};

export const PLANTED_LAYERS = ["early", "late"] as const;

/** The tests' seeded uniform generator + Box-Muller: enough for test data. */
function gaussianSource(seed: number): () => number {
  const uniform = makeRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function plantedArrays(spec: PlantedSpec): {
  responses: Float32Array;
  layers: Record<string, Float32Array>;
  roi: Int32Array;
  n: number;
  v: number;
} {
  const g = gaussianSource(spec.seed);
  const n = spec.nTrain + spec.nTest;
  const v = 2 * spec.voxels;
  const layers: Record<string, Float32Array> = {};
  for (const name of PLANTED_LAYERS) layers[name] = Float32Array.from({ length: n * spec.dim }, g);
  const responses = new Float32Array(n * v);
  PLANTED_LAYERS.forEach((name, area) => {
    const f = layers[name]!;
    const m = Float64Array.from({ length: spec.dim * spec.voxels }, () => g() / Math.sqrt(spec.dim));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < spec.voxels; j++) {
        let s = 0;
        for (let d = 0; d < spec.dim; d++) s += f[i * spec.dim + d]! * m[d * spec.voxels + j]!;
        responses[i * v + area * spec.voxels + j] = s + spec.noise * g();
      }
    }
  });
  const roi = Int32Array.from({ length: v }, (_, j) => (j < spec.voxels ? 1 : 2));
  return { responses, layers, roi, n, v };
}

function rows(data: Float32Array, cols: number, from: number, to: number): NdArray {
  return { dtype: "float32", shape: [to - from, cols], data: data.slice(from * cols, to * cols) };
}

/** Stores the planted dataset `name` and its feature set "planted" (layers early, late); model `model` (id, source). */
export async function storePlanted(
  store: Store,
  name: string,
  spec: PlantedSpec,
  model = { id: "planted", source: "/nonexistent/planted-model" },
): Promise<{ dataset: Dataset; featureSet: FeatureSet }> {
  const a = plantedArrays(spec);
  const { nTrain, nTest } = spec;
  const { dataset } = await importBundle(store, name, {
    kind: "simulated",
    source: { generator: "planted.test-helper", spec: { ...spec } },
    stimuliTrain: { dtype: "uint8", shape: [nTrain, 2, 2], data: new Uint8Array(nTrain * 4) },
    stimuliTest: { dtype: "uint8", shape: [nTest, 2, 2], data: new Uint8Array(nTest * 4) },
    responsesTrain: rows(a.responses, a.v, 0, nTrain),
    responsesTest: rows(a.responses, a.v, nTrain, a.n),
    roi: { dtype: "int32", shape: [a.v], data: a.roi },
    roiNames: [...KAY_ROI_NAMES],
  });
  const featureSet = await store.featureSets.create({
    featureSet: {
      datasetId: dataset.id,
      name: "planted",
      model,
      layers: [...PLANTED_LAYERS],
      preparation: {},
      cacheKey: createHash("sha256").update(`planted:${dataset.contentHash}`).digest("hex"),
    },
    layers: PLANTED_LAYERS.map((layer) => ({
      layer,
      train: rows(a.layers[layer]!, spec.dim, 0, nTrain),
      test: rows(a.layers[layer]!, spec.dim, nTrain, a.n),
    })),
  });
  return { dataset, featureSet };
}

export const SMALL: PlantedSpec = { nTrain: 80, nTest: 24, voxels: 60, dim: 6, noise: 1, seed: 3 };

/**
 * For a describe block: an embedded store in a temp dir holding the SMALL planted dataset as
 * "planted", opened before its tests and closed and removed after them.
 */
export function usePlantedStore(): { dir: string; readonly store: Store } {
  const dir = tempDir();
  let store: Store | undefined;
  beforeAll(async () => {
    store = await openStore({ dir });
    await storePlanted(store, "planted", SMALL);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    get store() {
      if (store === undefined)
        throw new Error("usePlantedStore: the store is only open inside the block's tests");
      return store;
    },
  };
}
