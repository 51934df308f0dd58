import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createServer, type Server } from "node:http";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initTfEngine } from "../features/tf-engine.ts";
import { readModelDir } from "./model-files.ts";
import { resolveModelSource } from "./resolve-source.ts";
import { disposeModel, loadModel } from "./load-model.ts";
import { SHARED_MOBILENET_DIR } from "./shared-assets.ts";

let server: Server;
let baseUrl: string;
let requests = 0;

beforeAll(async () => {
  await initTfEngine();
  server = createServer((req, res) => {
    requests++;
    const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).replace(/^\/m\//, "");
    const file = join(SHARED_MOBILENET_DIR, name);
    if (name.includes("..") || !existsSync(file)) return void res.writeHead(404).end();
    const body = readFileSync(file);
    res.writeHead(200, { "content-length": body.byteLength }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/m`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("readModelDir", () => {
  it("reads the shared MobileNet and hashes it as SOURCE.md states", () => {
    const files = readModelDir(SHARED_MOBILENET_DIR);
    expect(files.format).toBe("graph-model");
    expect(files.hash.modelJson).toBe("f9d5d3752f20a5d9a115749bdbe7643b38cd57a11d4114f5dd2f4404af9850d8");
    expect(files.hash.shards["group1-shard1of1.bin"]).toBe("639c16be6dac70b2350586f503a379396807dcb2df840685bfafe6af2d8ec30f");
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
      modelJsonUrl: "https://tfhub.dev/google/imagenet/mobilenet_v1_100_224/classification/1/model.json?tfjs-format=file",
    });
    expect(resolveModelSource("http://h/x/", { cacheDir })).toMatchObject({ kind: "url", modelJsonUrl: "http://h/x/model.json" });
    expect(resolveModelSource(SHARED_MOBILENET_DIR, { cacheDir })).toMatchObject({ kind: "dir", dir: SHARED_MOBILENET_DIR });
    expect(resolveModelSource(undefined, { cacheDir, envModel: SHARED_MOBILENET_DIR })).toMatchObject({ kind: "dir" });
    expect(resolveModelSource(undefined, { cacheDir })).toMatchObject({ kind: "dir", id: "mobilenet_v1_025_224" }); // bundled
  });
  it("lists the registry ids for an unknown spec", () => {
    expect(() => resolveModelSource("resnet_9000", { cacheDir })).toThrow(/not a registry id.*mobilenet_v1_025_224/);
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
  it("downloads from a URL once into the cache, with progress, then reuses it", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "nt-cache-"));
    const progress: string[] = [];
    const source = resolveModelSource(`${baseUrl}/model.json`, { cacheDir });
    const model = await loadModel(source, { onProgress: (p) => progress.push(`${p.file}:${p.filesDone}/${p.filesTotal}`) });
    expect(progress).toContain("group1-shard1of1.bin:1/2");
    expect(model.hash.modelJson).toBe("f9d5d3752f20a5d9a115749bdbe7643b38cd57a11d4114f5dd2f4404af9850d8");
    disposeModel(model);
    const before = requests;
    disposeModel(await loadModel(source));
    expect(requests).toBe(before);
  });
  it("fails offline with NETWORK and tells how to use a local model", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "nt-cache-"));
    const source = resolveModelSource("http://127.0.0.1:9/none/model.json", { cacheDir });
    await expect(loadModel(source)).rejects.toMatchObject({ code: "NETWORK", message: expect.stringMatching(/NEUROTRANSLATOR_MODEL/) });
  });
  it("rejects a download whose model.json hash differs from the registry's", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "nt-cache-"));
    const source = resolveModelSource(`${baseUrl}/model.json`, { cacheDir });
    const pinned = { ...source, entry: { modelJsonSha256: "0".repeat(64) } } as typeof source;
    await expect(loadModel(pinned)).rejects.toMatchObject({ code: "FORMAT" });
  });
});
