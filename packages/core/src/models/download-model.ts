import { NtError } from "@neurotranslator/schema";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseModelJson, sha256 } from "./model-files.ts";
import { shardPathProblem } from "./model-json-schema.ts";

/** Progress of a download: bytes of the current file and files done out of all. */
export interface DownloadProgress {
  file: string;
  loadedBytes: number;
  /** From Content-Length; undefined when the server does not say. */
  totalBytes: number | undefined;
  filesDone: number;
  filesTotal: number;
}

export interface DownloadModelOptions {
  /** Models are stored under cacheDir/<sha256(url) first 16 hex>/. */
  cacheDir: string;
  /** When given, model.json must hash to this (NtError FORMAT otherwise; nothing is kept). */
  modelJsonSha256?: string;
  onProgress?: (p: DownloadProgress) => void;
  /** Injected fetch (defaults to the global one). */
  fetchImpl?: typeof fetch;
}

/** The cache folder a model URL downloads into. */
export function cachedModelDir(cacheDir: string, modelJsonUrl: string): string {
  return join(cacheDir, sha256(modelJsonUrl).slice(0, 16));
}

/**
 * Downloads model.json from `modelJsonUrl` and every shard it names (resolved against that URL,
 * keeping its query string, as TF.js does) into the cache, once: an existing complete folder is
 * reused. Files go to a temporary folder renamed into place when all arrived, so a failed or
 * concurrent download never leaves a half model. Network failure: NtError NETWORK.
 * Returns the local directory.
 */
export async function downloadModel(modelJsonUrl: string, options: DownloadModelOptions): Promise<string> {
  const target = cachedModelDir(options.cacheDir, modelJsonUrl);
  if (existsSync(join(target, "model.json"))) return target;
  const fetchImpl = options.fetchImpl ?? fetch;
  const url = new URL(modelJsonUrl);
  mkdirSync(options.cacheDir, { recursive: true });
  const tmp = join(options.cacheDir, `.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(tmp);
  try {
    const jsonBytes = await fetchBytes(fetchImpl, url.href, "model.json", 0, 1, options.onProgress);
    if (options.modelJsonSha256 !== undefined && sha256(jsonBytes) !== options.modelJsonSha256) {
      throw new NtError("FORMAT", `${url.href}: model.json sha256 ${sha256(jsonBytes)} differs from the expected ${options.modelJsonSha256}`);
    }
    const json = parseModelJson(Buffer.from(jsonBytes).toString("utf8"), url.href);
    writeFileSync(join(tmp, "model.json"), jsonBytes);
    const paths = json.weightsManifest.flatMap((g) => g.paths);
    for (const [i, path] of paths.entries()) {
      // parseModelJson checked every path already; kept here because this loop writes files from them.
      const problem = shardPathProblem(path);
      if (problem !== undefined) throw new NtError("FORMAT", `${url.href}: shard path "${path}" ${problem}`);
      const shardUrl = new URL(path, url);
      shardUrl.search = url.search;
      const bytes = await fetchBytes(fetchImpl, shardUrl.href, path, i + 1, paths.length + 1, options.onProgress);
      mkdirSync(join(tmp, path, ".."), { recursive: true });
      writeFileSync(join(tmp, path), bytes);
    }
    try {
      renameSync(tmp, target);
    } catch (error) {
      // Another process finished first: keep theirs.
      if (!existsSync(join(target, "model.json"))) throw error;
      rmSync(tmp, { recursive: true, force: true });
    }
    return target;
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

async function fetchBytes(
  fetchImpl: typeof fetch,
  href: string,
  file: string,
  filesDone: number,
  filesTotal: number,
  onProgress: DownloadModelOptions["onProgress"],
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchImpl(href);
  } catch (error) {
    throw new NtError(
      "NETWORK",
      `could not download ${href} (${(error as Error).message}${causeText(error)}). Offline? Set NEUROTRANSLATOR_MODEL to a local model directory (model.json + weight shards)`,
      { cause: error },
    );
  }
  if (!response.ok || response.body === null) {
    throw new NtError("NETWORK", `could not download ${href}: HTTP ${response.status} ${response.statusText}. Set NEUROTRANSLATOR_MODEL to a local model directory to work offline`);
  }
  const length = response.headers.get("content-length");
  const totalBytes = length === null ? undefined : Number(length);
  const chunks: Uint8Array[] = [];
  let loadedBytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    loadedBytes += chunk.byteLength;
    onProgress?.({ file, loadedBytes, totalBytes, filesDone, filesTotal });
  }
  const out = new Uint8Array(loadedBytes);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function causeText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `: ${cause.code ?? cause.message ?? ""}` : "";
}
