import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "@neurotranslator/data";
import { tempDir } from "@neurotranslator/data/testing";
import { extractFeatureSet } from "./features.ts";
import { simulateAndStore, type SimulateOutcome } from "./simulate.ts";
import { SHARED_MODEL_DIR, SHARED_STIMULI_DIR } from "./testing/assets.ts";

// A small simulated dataset from 50 real Kay images (voxelScale 0.02: 170 voxels) and the genuine MobileNet.
const dir = tempDir("nt-features-");
const model = { spec: SHARED_MODEL_DIR, cacheDir: join(dir, "cache") };
let store: Store;
let sim: SimulateOutcome;

beforeAll(async () => {
  store = await openStore({ dir: join(dir, "store") });
  sim = await simulateAndStore(store, {
    name: "sim",
    stimuliDir: SHARED_STIMULI_DIR,
    nTrain: 40,
    nTest: 10,
    voxelScale: 0.02,
    seed: 3,
    model,
  });
});
afterAll(() => store.close());

describe("dataset simulate (service)", () => {
  it("stores the dataset with ground truth and repeats, and its features as a feature set", async () => {
    expect(sim.dataset).toMatchObject({
      name: "sim",
      kind: "simulated",
      nTrain: 40,
      nTest: 10,
      nVoxels: 170,
      stimulusShape: [128, 128],
    });
    expect(await store.datasets.arrayRoles(sim.dataset.id)).toEqual(
      expect.arrayContaining(["stimuli_train", "responses_test", "repeats_test"]),
    );
    const repeats = await store.datasets.array(sim.dataset.id, "repeats_test");
    expect(repeats.shape).toEqual([13, 10, 170]);
    expect(sim.groundTruth.areas.map((a) => a.layer)).toEqual([
      "gabor_energy",
      "conv2d_3",
      "conv2d_5",
      "conv2d_7",
      "conv2d_7",
      "conv2d_11",
      "global_pool",
    ]);
    // Default layers of the registry entry first (conv2d_9 is extracted though no area is tuned to it).
    expect(sim.featureLayers.map((l) => [l.layer, l.dim])).toEqual([
      ["conv2d_1", 16],
      ["conv2d_3", 32],
      ["conv2d_5", 64],
      ["conv2d_7", 128],
      ["conv2d_9", 128],
      ["conv2d_11", 128],
      ["global_pool", 256],
    ]);
    // V1 reads Gabor energy, which the simulator computes itself: it is not a stored feature layer.
    expect(sim.groundTruth.features.dims["gabor_energy"]).toBe(192);
    for (const [layer, dim] of Object.entries(sim.groundTruth.features.dims))
      if (layer !== "gabor_energy") expect(sim.featureLayers.find((l) => l.layer === layer)?.dim).toBe(dim);
    const { train, test } = await store.featureSets.layerArrays(sim.featureSet.id, "global_pool");
    expect([train.shape, test.shape, train.dtype]).toEqual([[40, 256], [10, 256], "float32"]);
  });

  it("refuses a taken name and impossible image counts before any work", async () => {
    await expect(simulateAndStore(store, { name: "sim", model })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      simulateAndStore(store, {
        name: "big",
        stimuliDir: SHARED_STIMULI_DIR,
        nTrain: 1700,
        nTest: 120,
        model,
      }),
    ).rejects.toThrow(
      /holds 1750 numbered images; --n-train 1700 \+ --n-test 120 must be integers >= 3 adding up to at most 1750/,
    );
    await expect(
      simulateAndStore(store, {
        name: "x",
        stimuliDir: SHARED_STIMULI_DIR,
        nTrain: 10,
        nTest: 5,
        snr: { V9: 1 },
        model,
      }),
    ).rejects.toThrow(/unknown area\(s\) V9/);
  });
});

describe("features extract (service)", () => {
  it("is a cache hit for the settings simulate used: nothing recomputed", async () => {
    const started = performance.now();
    const out = await extractFeatureSet(store, { dataset: "sim", model });
    expect(out).toMatchObject({ cached: true, extraction: null });
    expect(out.featureSet.id).toBe(sim.featureSet.id);
    // Loading the model is all it does (a recompute would also prepare and run 50 images).
    expect(performance.now() - started).toBeLessThan(sim.extraction.seconds * 1000 + 3000);
  });

  it("extracts other layers with the same values as simulate's pass, then hits its own cache", async () => {
    const out = await extractFeatureSet(store, {
      dataset: "sim",
      model,
      layers: ["conv2d_0", "global_pool"],
      name: "two",
      batchSize: 16,
    });
    expect(out.cached).toBe(false);
    expect(out.extraction).toMatchObject({ images: 50, batchSize: 16, engine: { name: expect.any(String) } });
    expect(out.layers.map((l) => [l.layer, l.dim])).toEqual([
      ["conv2d_0", 8],
      ["global_pool", 256],
    ]);
    expect(out.featureSet.preparation).toMatchObject({
      range: { mode: "robust-global" },
      extraction: { images: 50 },
    });
    const mine = await store.featureSets.layerArrays(out.featureSet.id, "global_pool");
    const simulated = await store.featureSets.layerArrays(sim.featureSet.id, "global_pool");
    // Same stored images, model and preparation: per-image results agree to float32 rounding (other batch size).
    const a = mine.test.data as Float32Array;
    const b = simulated.test.data as Float32Array;
    expect(Math.max(...a.map((x, i) => Math.abs(x - (b[i] as number))))).toBeLessThan(1e-4);
    const again = await extractFeatureSet(store, {
      dataset: "sim",
      model,
      layers: ["conv2d_0", "global_pool"],
      name: "ignored",
      batchSize: 16,
    });
    expect(again).toMatchObject({ cached: true, featureSet: { name: "two" } });
  });

  it("keys the cache on the preparation, and refuses a taken name with other settings", async () => {
    const per = extractFeatureSet(store, {
      dataset: "sim",
      model,
      layers: ["conv2d_0"],
      preparation: { range: { mode: "per-image" } },
      name: "two",
    });
    await expect(per).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/already has a feature set "two" made with other settings/),
    });
  });

  it("names the available layers for an unknown one, and a missing model directory", async () => {
    await expect(
      extractFeatureSet(store, { dataset: "sim", model, layers: ["conv2d_1", "conv9"] }),
    ).rejects.toThrow(/no layer "conv9"; available: conv2d_0, conv2d_1, .*global_pool/);
    const missing = { spec: join(dir, "no-such-model"), cacheDir: model.cacheDir };
    await expect(extractFeatureSet(store, { dataset: "sim", model: missing })).rejects.toThrow(
      /no-such-model" is not a registry id, an http\(s\) URL or an existing directory/,
    );
    const empty = { envModel: dir, cacheDir: model.cacheDir };
    await expect(extractFeatureSet(store, { dataset: "sim", model: empty })).rejects.toThrow(
      /no model.json in it/,
    );
    await expect(extractFeatureSet(store, { dataset: "nope", model })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(extractFeatureSet(store, { dataset: "sim", model, batchSize: 0 })).rejects.toThrow(
      /--batch-size must be an integer in 1..4096, got 0/,
    );
  });
});
