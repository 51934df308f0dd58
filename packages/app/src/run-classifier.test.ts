import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { FeatureSet } from "@neurotranslator/data";
import { loadClassifier } from "./run-classifier.ts";

// The genuine MobileNet v1 0.25 beside the repository (../shared/models), never copied into it.
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const MODEL_DIR = resolve(REPO, "../shared/models/mobilenet_v1_025_224_imagenet");

const featureSet = (source: string): FeatureSet => ({
  id: "00000000-0000-4000-8000-000000000000",
  datasetId: "00000000-0000-4000-8000-000000000001",
  name: "mobilenet",
  model: { id: "mobilenet_v1_025_224", source },
  layers: ["conv2d_3", "global_pool"],
  preparation: {},
  cacheKey: "0".repeat(64),
  createdAt: new Date(0),
});
const where = { cacheDir: "/nonexistent-cache" };

describe("loadClassifier", () => {
  it("reads the head of the feature set's model when the layer is its input, and skips other layers with a reason", async () => {
    const head = await loadClassifier(featureSet(MODEL_DIR), "global_pool", 256, where);
    expect("head" in head && head.head.inputDim).toBe(256);
    expect("head" in head && head.head.nClasses).toBe(1000);
    const other = await loadClassifier(featureSet(MODEL_DIR), "conv2d_3", 64, where);
    expect(other).toEqual({
      skipped: expect.stringMatching(
        /layer "conv2d_3" is not the input of mobilenet_v1_025_224's classifier head \(global_pool\)/,
      ),
    });
  }, 60_000);

  it("finds the model through NEUROTRANSLATOR_MODEL when the stored source is gone, and skips with a note when it cannot load", async () => {
    const viaEnv = await loadClassifier(featureSet("/moved/away"), "global_pool", 256, {
      ...where,
      envModel: MODEL_DIR,
    });
    expect("head" in viaEnv).toBe(true);
    const missing = await loadClassifier(
      { ...featureSet("/moved/away"), model: { id: "unknown-model", source: "/moved/away" } },
      "global_pool",
      256,
      where,
    );
    expect(missing).toEqual({
      skipped: expect.stringMatching(
        /^model unknown-model \(\/moved\/away\) could not be loaded, classifier metrics skipped: /,
      ),
    });
  }, 60_000);

  it("says plainly that imported features have no classifier head", async () => {
    const imported = await loadClassifier(
      { ...featureSet("/data/feats.npz"), name: "vgg", model: { id: "imported", source: "/data/feats.npz" } },
      "fc7",
      4096,
      where,
    );
    expect(imported).toEqual({
      skipped: expect.stringMatching(
        /^feature set "vgg" was imported from feats\.npz without a model: imported features have no classifier head/,
      ),
    });
  });
});
