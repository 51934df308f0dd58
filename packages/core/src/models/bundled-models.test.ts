import { describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUNDLED_MODELS_DIR, bundledModelDir } from "./bundled-models.ts";
import { cachedModelDir } from "./model-files.ts";
import { readModelDir } from "./model-files.ts";
import { DEFAULT_MODEL_ID, MODEL_REGISTRY, registryModelJsonUrl, type RegistryEntry } from "./registry.ts";
import { resolveModelSource } from "./resolve-source.ts";
import { SHARED_MOBILENET_DIR } from "./shared-assets.ts";

const entry = MODEL_REGISTRY[DEFAULT_MODEL_ID] as RegistryEntry;

describe("bundled default model", () => {
  it("ships the registry's MobileNet v1 0.25 byte for byte, with its licence and provenance", () => {
    const dir = bundledModelDir(DEFAULT_MODEL_ID);
    expect(dir).toBe(join(BUNDLED_MODELS_DIR, "mobilenet_v1_025_224_imagenet"));
    const files = readModelDir(dir!);
    expect(files.hash.modelJson).toBe(entry.modelJsonSha256);
    expect(files.hash.combined).toBe(readModelDir(SHARED_MOBILENET_DIR).hash.combined);
    expect(readFileSync(join(dir!, "LICENSE"), "utf8")).toContain("Apache License");
    expect(readFileSync(join(dir!, "SOURCE.md"), "utf8")).toContain("sha256");
  });

  it("resolves the default and the registry id to local files, never a URL", () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "nt-models-"));
    for (const spec of [undefined, DEFAULT_MODEL_ID]) {
      const source = resolveModelSource(spec, { cacheDir });
      expect(source).toMatchObject({
        kind: "dir",
        id: DEFAULT_MODEL_ID,
        dir: bundledModelDir(DEFAULT_MODEL_ID),
      });
    }
  });

  it("prefers NEUROTRANSLATOR_MODEL when it holds that very model, and ignores it for another id", () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "nt-models-"));
    const source = resolveModelSource(DEFAULT_MODEL_ID, { cacheDir, envModel: SHARED_MOBILENET_DIR });
    expect(source).toMatchObject({ kind: "dir", dir: SHARED_MOBILENET_DIR, entry: { id: DEFAULT_MODEL_ID } });
    const other = resolveModelSource("mobilenet_v1_050_224", { cacheDir, envModel: SHARED_MOBILENET_DIR });
    expect(other.kind).toBe("url");
  });

  it("uses a complete earlier download of a registry model from the cache", () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "nt-models-"));
    const other = MODEL_REGISTRY["mobilenet_v1_050_224"] as RegistryEntry;
    expect(resolveModelSource(other.id, { cacheDir }).kind).toBe("url");
    const cached = cachedModelDir(cacheDir, registryModelJsonUrl(other));
    cpSync(SHARED_MOBILENET_DIR, cached, { recursive: true });
    expect(resolveModelSource(other.id, { cacheDir })).toMatchObject({
      kind: "dir",
      dir: cached,
      id: other.id,
    });
  });
});
