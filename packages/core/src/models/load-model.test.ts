import { describe, it, expect, beforeAll } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initTfEngine } from "../features/tf-engine.ts";
import { readModelDir } from "./model-files.ts";
import { resolveModelSource } from "./resolve-source.ts";
import { disposeModel, loadModel } from "./load-model.ts";
import { SHARED_MOBILENET_DIR } from "./shared-assets.ts";

beforeAll(async () => {
  await initTfEngine();
});

describe("readModelDir", () => {
  it("reads the shared MobileNet and hashes it as SOURCE.md states", () => {
    const files = readModelDir(SHARED_MOBILENET_DIR);
    expect(files.format).toBe("graph-model");
    expect(files.hash.modelJson).toBe("f9d5d3752f20a5d9a115749bdbe7643b38cd57a11d4114f5dd2f4404af9850d8");
    expect(files.hash.shards["group1-shard1of1.bin"]).toBe(
      "639c16be6dac70b2350586f503a379396807dcb2df840685bfafe6af2d8ec30f",
    );
    expect((files.artifacts.weightData as ArrayBuffer).byteLength).toBe(1870388);
  });
  it("names a missing shard and a shard of the wrong size", () => {
    const dir = mkdtempSync(join(tmpdir(), "nt-model-"));
    copyFileSync(join(SHARED_MOBILENET_DIR, "model.json"), join(dir, "model.json"));
    expect(() => readModelDir(dir)).toThrow(/weight shard "group1-shard1of1.bin" is missing/);
    writeFileSync(join(dir, "group1-shard1of1.bin"), new Uint8Array(10));
    expect(() => readModelDir(dir)).toThrow(/hold 10 bytes but the manifest declares 1870388/);
  });
});

describe("resolveModelSource", () => {
  const cacheDir = "/tmp/nt-cache-unused";
  it("resolves registry ids, URLs, directories and the environment default", () => {
    expect(resolveModelSource("mobilenet_v1_100_224", { cacheDir })).toMatchObject({
      kind: "url",
      modelJsonUrl:
        "https://tfhub.dev/google/imagenet/mobilenet_v1_100_224/classification/1/model.json?tfjs-format=file",
    });
    expect(resolveModelSource("http://h/x/", { cacheDir })).toMatchObject({
      kind: "url",
      modelJsonUrl: "http://h/x/model.json",
    });
    expect(resolveModelSource(SHARED_MOBILENET_DIR, { cacheDir })).toMatchObject({
      kind: "dir",
      dir: SHARED_MOBILENET_DIR,
    });
    expect(resolveModelSource(undefined, { cacheDir, envModel: SHARED_MOBILENET_DIR })).toMatchObject({
      kind: "dir",
    });
    expect(resolveModelSource(undefined, { cacheDir })).toMatchObject({
      kind: "dir",
      id: "mobilenet_v1_025_224",
    }); // bundled
  });
  it("lists the registry ids for an unknown spec", () => {
    expect(() => resolveModelSource("resnet_9000", { cacheDir })).toThrow(
      /not a registry id.*mobilenet_v1_025_224/,
    );
  });
});

describe("loadModel", () => {
  it("loads from a directory, recognises the registry entry by hash and reads the labels", async () => {
    const model = await loadModel(resolveModelSource(SHARED_MOBILENET_DIR, { cacheDir: "/tmp/unused" }));
    expect(model.id).toBe("mobilenet_v1_025_224");
    expect(model.entry?.penultimate).toBe("global_pool");
    expect(model.labels?.length).toBe(1000);
    disposeModel(model);
  });
  it("loads a URL source from its download folder, and names the folder when nothing is there yet", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "nt-cache-"));
    const source = resolveModelSource("http://127.0.0.1:9/m/model.json", { cacheDir });
    if (source.kind !== "url") throw new Error("expected a URL source");
    await expect(loadModel(source)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining(source.downloadDir),
    });
    mkdirSync(source.downloadDir, { recursive: true });
    for (const name of ["model.json", "group1-shard1of1.bin"])
      copyFileSync(join(SHARED_MOBILENET_DIR, name), join(source.downloadDir, name));
    const model = await loadModel(source);
    expect(model.hash.modelJson).toBe("f9d5d3752f20a5d9a115749bdbe7643b38cd57a11d4114f5dd2f4404af9850d8");
    disposeModel(model);
  });
});
