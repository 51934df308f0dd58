import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachedModelFile, fetchModelFile, openStore, type Store } from "@neurotranslator/data";
import { OnnxGraphBuilder, readOnnxModel } from "@neurotranslator/core";
import { tempDir } from "@neurotranslator/data/testing";
import { extractFeatureSet } from "./features.ts";
import { extractOnnxFeatureSet } from "./onnx-features.ts";
import { resolveOnnx } from "./onnx-models.ts";
import { loadClassifier } from "./run-classifier.ts";
import { simulateAndStore } from "./simulate.ts";
import { SHARED_MODEL_DIR, SHARED_STIMULI_DIR } from "./testing/assets.ts";

// The committed PyTorch export (core's fixtures: packages/core/scripts/onnx-reference.py tiny).
const FIXTURES = resolve(import.meta.dirname, "../../core/src/models/onnx/fixtures");
const names = JSON.parse(readFileSync(join(FIXTURES, "tiny_cnn_names.json"), "utf8")).tiny_cnn as {
  conv1: string;
  pooled: string;
};
const dir = tempDir("nt-onnx-");
const cacheDir = join(dir, "cache");
const tfModel = { spec: SHARED_MODEL_DIR, cacheDir };
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
let store: Store;
let tiny: string;
let server: Server;
let base: string;
let requests = 0;

beforeAll(async () => {
  store = await openStore({ dir: join(dir, "store") });
  await simulateAndStore(store, {
    name: "sim",
    stimuliDir: SHARED_STIMULI_DIR,
    nTrain: 24,
    nTest: 8,
    voxelScale: 0.02,
    seed: 5,
    model: tfModel,
  });
  // A copy with a sidecar giving torchvision's preprocessing (the user's file is never written to).
  tiny = join(dir, "tiny_cnn.onnx");
  copyFileSync(join(FIXTURES, "tiny_cnn.onnx"), tiny);
  writeFileSync(`${tiny}.json`, JSON.stringify({ ...IMAGENET, resize: "stretch" }));
  server = createServer((req, res) => {
    requests++;
    if (req.url !== "/models/tiny_cnn.onnx") return void res.writeHead(404).end();
    const body = readFileSync(join(FIXTURES, "tiny_cnn.onnx"));
    res.writeHead(200, { "content-length": body.byteLength }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await store.close();
  await new Promise<void>((r) => server.close(() => r()));
});

const extract = async (spec: string, extra: Partial<Parameters<typeof extractOnnxFeatureSet>[2]> = {}) => {
  const choice = await resolveOnnx({ spec, cacheDir });
  if (!choice) throw new Error(`${spec} did not resolve as ONNX`);
  return extractOnnxFeatureSet(store, choice, {
    dataset: "sim",
    model: { spec, cacheDir },
    input: {},
    ...extra,
  });
};

describe("features extract --model X.onnx (service)", () => {
  it("extracts named values with the sidecar's preprocessing, records it, and hits the cache only for the same preprocessing", async () => {
    const out = await extract(tiny, { layers: [names.conv1, names.pooled] });
    expect(out.cached).toBe(false);
    expect(out.layers.map((l) => [l.layer, l.dim])).toEqual([
      [names.conv1, 8],
      [names.pooled, 16],
    ]);
    const prep = out.featureSet.preparation as {
      modelInput: unknown;
      extraction: { onnx: { layers: unknown; sidecar: unknown } };
    };
    expect(prep.modelInput).toEqual({
      size: [32, 32],
      layout: "nchw",
      channelOrder: "rgb",
      mean: IMAGENET.mean,
      std: IMAGENET.std,
      resize: { rule: "stretch" },
    });
    expect(prep.extraction.onnx.layers).toEqual([
      { name: names.conv1, dims: [1, 8, 16, 16], pooling: "spatial-mean-nchw" },
      { name: names.pooled, dims: [1, 16], pooling: "as-is" },
    ]);
    expect(prep.extraction.onnx.sidecar).toBe(`${tiny}.json`);
    expect(out.featureSet.model).toMatchObject({
      id: "tiny_cnn",
      source: tiny,
      sha256: readOnnxModel(tiny).sha256,
    });
    expect((await extract(tiny, { layers: [names.conv1, names.pooled] })).cached).toBe(true);
    // A flag overrides the sidecar: other values, another cache key.
    const other = await extract(tiny, {
      layers: [names.pooled],
      name: "tiny-bgr",
      input: { channelOrder: "bgr" },
    });
    expect(other.cached).toBe(false);
    expect(other.featureSet.cacheKey).not.toBe(out.featureSet.cacheKey);
    // No --layers: the penultimate vector (the Gemm's input).
    const dflt = await extract(tiny, { name: "tiny-default" });
    expect(dflt.layers.map((l) => l.layer)).toEqual([names.pooled]);
  });

  it("gives run the model's head for the penultimate layer (1000 ImageNet classes) and skips it for a conv map", async () => {
    const fs = (await store.featureSets.list((await store.datasets.get("sim")).id)).find(
      (f) => f.name === "tiny_cnn",
    );
    const head = await loadClassifier(fs!, names.pooled, 16, { cacheDir });
    if ("skipped" in head) throw new Error(head.skipped);
    expect(head.head.nClasses).toBe(1000);
    expect(head.head.labels?.[1]).toMatch(/goldfish/);
    const conv = await loadClassifier(fs!, names.conv1, 8, { cacheDir });
    expect("skipped" in conv && conv.skipped).toMatch(
      /does not feed the classifier alone \(the head from it to "logits" is not affine \(it passes through Relu\)\): classifier metrics skipped/,
    );
  });

  it("downloads a URL model once into the cache, checks a registry sha256 and keeps nothing on a mismatch", async () => {
    const url = `${base}/models/tiny_cnn.onnx`;
    const first = await resolveOnnx({ spec: url, cacheDir });
    expect(first).toMatchObject({ id: "tiny_cnn", location: url });
    expect(readFileSync(first!.path)).toEqual(readFileSync(join(FIXTURES, "tiny_cnn.onnx")));
    const seen = requests;
    expect((await resolveOnnx({ spec: url, cacheDir }))?.path).toBe(first!.path);
    expect(requests).toBe(seen);
    const other = join(dir, "cache-sha");
    await expect(fetchModelFile(url, other, { sha256: "0".repeat(64) })).rejects.toThrow(/checksum mismatch/);
    expect(existsSync(cachedModelFile(url, other))).toBe(false);
    expect(existsSync(`${cachedModelFile(url, other)}.part`)).toBe(false);
    const sha = readOnnxModel(join(FIXTURES, "tiny_cnn.onnx")).sha256;
    expect(await fetchModelFile(url, other, { sha256: sha })).toMatch(/tiny_cnn\.onnx$/);
    await expect(resolveOnnx({ spec: `${base}/models/missing.onnx`, cacheDir })).rejects.toThrow(
      /HTTP 404.*pass its path to --model/,
    );
  });

  it("takes a folder holding exactly one .onnx file, and names the files when it holds several", async () => {
    const folder = join(dir, "one-model");
    mkdirSync(folder);
    copyFileSync(join(FIXTURES, "tiny_cnn.onnx"), join(folder, "net.onnx"));
    expect(await resolveOnnx({ spec: folder, cacheDir })).toMatchObject({
      id: "net",
      path: join(folder, "net.onnx"),
    });
    copyFileSync(join(FIXTURES, "tiny_cnn_1001.onnx"), join(folder, "net1001.onnx"));
    await expect(resolveOnnx({ spec: folder, cacheDir })).rejects.toThrow(
      /holds 2 \.onnx files \(net\.onnx, net1001\.onnx\); name one/,
    );
    // A TF.js model folder is not taken for ONNX.
    expect(await resolveOnnx({ spec: SHARED_MODEL_DIR, cacheDir })).toBeUndefined();
  });

  it("refuses bad models and settings with one clear line, storing nothing", async () => {
    const datasetId = (await store.datasets.get("sim")).id;
    const before = (await store.featureSets.list(datasetId)).length;
    const junk = join(dir, "junk.onnx");
    writeFileSync(junk, "not a protobuf at all\n".repeat(10));
    const unsupported = join(dir, "unsupported.onnx");
    const b = new OnnxGraphBuilder();
    b.input({ name: "x", dims: ["N", 3, 8, 8] });
    b.node("NoSuchOperator", ["x"], ["y"]);
    b.output({ name: "y", dims: ["N", 3, 8, 8] });
    writeFileSync(unsupported, b.toBytes("bad"));
    const vector = join(dir, "vector.onnx");
    const v = new OnnxGraphBuilder();
    v.input({ name: "x", dims: ["N", 10] });
    v.node("Relu", ["x"], ["y"]);
    v.output({ name: "y", dims: ["N", 10] });
    writeFileSync(vector, v.toBytes("vector"));
    const cases: Array<[() => Promise<unknown>, RegExp]> = [
      [() => extract(junk), /junk\.onnx: not an ONNX model/],
      [
        () => extract(unsupported, { layers: ["y"], input: { inputSize: [8, 8] } }),
        /onnxruntime cannot run .*unsupported\.onnx: .*NoSuchOperator/,
      ],
      [() => extract(vector), /vector\.onnx: input "x" \[N, 10\] has rank 2: not an image tensor/],
      [() => extract(tiny, { layers: ["/nope_output_0"] }), /no value "\/nope_output_0" in the graph/],
      [
        () => extract(tiny, { input: { layout: "nhwc" } }),
        /--layout nhwc contradicts the model's input "image"/,
      ],
      [
        () => extract(tiny, { input: { mean: [124, 117, 104] } }),
        /--mean 124,117,104: each value must be in \[0, 1\]/,
      ],
      [
        () => extract(tiny, { input: { std: [58, 57, 57] } }),
        /--std 58,57,57: each value must be in \(0, 1\]/,
      ],
    ];
    for (const [promise, message] of cases) {
      const error = (await promise().then(
        () => new Error("resolved"),
        (e: unknown) => e,
      )) as Error;
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain("\n");
    }
    expect((await store.featureSets.list(datasetId)).length).toBe(before);
  });
});

describe("features extract --export-onnx (TF.js model)", () => {
  it("writes the converted graph, which the ONNX path reads as an NHWC model and extracts with the same values", async () => {
    const out = join(dir, "mobilenet.onnx");
    const tf = await extractFeatureSet(store, {
      dataset: "sim",
      model: tfModel,
      layers: ["conv2d_3", "global_pool"],
      name: "mn",
      exportOnnx: out,
    });
    const exported = readOnnxModel(out);
    expect(exported.input).toMatchObject({ layout: "nhwc", size: [224, 224] });
    expect(exported.outputs).toEqual(["feature_0", "feature_1"]);
    // The TF.js stimulus preparation (robust range, [0, 1] input) and no normalisation.
    const onnx = await extract(out, { layers: ["feature_0", "feature_1"], name: "mn-onnx" });
    for (const [i, layer] of ["conv2d_3", "global_pool"].entries()) {
      const a = await store.featureSets.layerArrays(tf.featureSet.id, layer);
      const b = await store.featureSets.layerArrays(onnx.featureSet.id, `feature_${i}`);
      const x = a.train.data as Float32Array;
      const y = b.train.data as Float32Array;
      let diff = 0;
      let scale = 0;
      for (let k = 0; k < x.length; k++) {
        diff = Math.max(diff, Math.abs((x[k] as number) - (y[k] as number)));
        scale = Math.max(scale, Math.abs(x[k] as number));
      }
      expect(diff / scale).toBeLessThan(1e-4);
    }
  });
});
