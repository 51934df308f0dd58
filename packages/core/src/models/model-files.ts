import type * as tf from "@tensorflow/tfjs-core";
import { NtError, parseModelJson, type ModelJson } from "@neurotranslator/schema";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
export { parseModelJson, type ModelJson } from "@neurotranslator/schema";

/** sha256 (hex) of model.json and of each shard, and one digest over all of them (the cache key part). */
export interface ModelHash {
  modelJson: string;
  shards: Record<string, string>;
  /** sha256 of the lines "model.json <sha>" then "<shard path> <sha>" in manifest order, joined by "\n". */
  combined: string;
}

/** A model directory read into memory: ready for tf.io.fromMemory. */
export interface ModelFiles {
  dir: string;
  json: ModelJson;
  format: "graph-model" | "layers-model";
  artifacts: tf.io.ModelArtifacts;
  hash: ModelHash;
}

const DTYPE_BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
  complex64: 8,
};

/** "graph-model" or "layers-model", from the "format" field or, failing that, the topology's shape. */
export function modelFormat(json: ModelJson): "graph-model" | "layers-model" {
  if (json.format === "graph-model" || json.format === "layers-model") return json.format;
  return Array.isArray(json.modelTopology["node"]) ? "graph-model" : "layers-model";
}

/**
 * Bytes each manifest group must hold: the sum over its weights of size x dtype bytes (the
 * quantized dtype when quantized). Undefined when a weight's size cannot be known (string dtype).
 */
export function declaredGroupBytes(group: ModelJson["weightsManifest"][number]): number | undefined {
  let total = 0;
  for (const w of group.weights) {
    const dtype = w.quantization?.dtype ?? w.dtype;
    const bytes = DTYPE_BYTES[dtype];
    if (bytes === undefined) return undefined;
    total += w.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  return total;
}

/**
 * Reads `dir`/model.json and every shard its weightsManifest names. Checks each shard exists and
 * each group's shards add up to the declared size. Throws NtError NOT_FOUND (missing file) or
 * FORMAT (bad JSON, wrong size) naming the file.
 */
export function readModelDir(dir: string): ModelFiles {
  const jsonPath = join(dir, "model.json");
  if (!existsSync(jsonPath)) throw new NtError("NOT_FOUND", `model directory ${dir}: no model.json in it`);
  const jsonBytes = readFileSync(jsonPath);
  const json = parseModelJson(jsonBytes.toString("utf8"), jsonPath);
  const shardHashes: Record<string, string> = {};
  const buffers: Buffer[] = [];
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  for (const group of json.weightsManifest) {
    let groupBytes = 0;
    for (const path of group.paths) {
      const file = join(dir, path);
      // parseModelJson refused escaping paths already; this guards the join itself.
      const rel = relative(dir, file);
      if (rel.startsWith("..") || isAbsolute(rel))
        throw new NtError("FORMAT", `${jsonPath}: shard path "${path}" leaves the model folder`);
      if (!existsSync(file) || !statSync(file).isFile()) {
        throw new NtError("NOT_FOUND", `${jsonPath}: weight shard "${path}" is missing (expected ${file})`);
      }
      const bytes = readFileSync(file);
      groupBytes += bytes.byteLength;
      shardHashes[path] = sha256(bytes);
      buffers.push(bytes);
    }
    const declared = declaredGroupBytes(group);
    if (declared !== undefined && declared !== groupBytes) {
      throw new NtError(
        "FORMAT",
        `${jsonPath}: weight shard(s) ${group.paths.map((p) => `"${p}"`).join(", ")} hold ${groupBytes} bytes but the manifest declares ${declared}`,
      );
    }
    weightSpecs.push(...(group.weights as tf.io.WeightsManifestEntry[]));
  }
  const weightData = concat(buffers);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts["modelTopology"],
    weightSpecs,
    weightData,
    format: json.format as string | undefined,
    generatedBy: json["generatedBy"] as string | undefined,
    convertedBy: json["convertedBy"] as string | null | undefined,
  };
  for (const key of ["signature", "userDefinedMetadata", "modelInitializer", "trainingConfig"] as const) {
    if (json[key] !== undefined) (artifacts as Record<string, unknown>)[key] = json[key];
  }
  const modelJsonHash = sha256(jsonBytes);
  return { dir, json, format: modelFormat(json), artifacts, hash: combineHash(modelJsonHash, shardHashes) };
}

/** sha256 of bytes, hex. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function combineHash(modelJson: string, shards: Record<string, string>): ModelHash {
  const lines = [`model.json ${modelJson}`, ...Object.entries(shards).map(([p, h]) => `${p} ${h}`)];
  return { modelJson, shards, combined: sha256(lines.join("\n")) };
}

function concat(buffers: Buffer[]): ArrayBuffer {
  const total = buffers.reduce((a, b) => a + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

/** The cache folder a model URL downloads into: cacheDir/<sha256(url) first 16 hex>/. */
export function cachedModelDir(cacheDir: string, modelJsonUrl: string): string {
  return join(cacheDir, sha256(modelJsonUrl).slice(0, 16));
}
