import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { NtError, parseModelJson, shardPathProblem, type ProgressCallback } from "@neurotranslator/schema";
import { downloadFile } from "./download.ts";

export interface DownloadModelOptions {
  /** The folder the model ends up in (core's `resolveModelSource` names it: `downloadDir`). */
  dir: string;
  /** When given, model.json must hash to this (NtError FORMAT otherwise; nothing is kept). */
  modelJsonSha256?: string | undefined;
  /** Bytes of the current file (`file`, its path in the manifest) and, in `files`, the files done of all. */
  onProgress?: ProgressCallback | undefined;
  /** Appended to network errors: what to do offline (the caller knows its configuration). */
  offlineHint?: string | undefined;
  /** Abort a file when no data has arrived for this long (default 60 s). */
  idleTimeoutMs?: number | undefined;
}

/**
 * Downloads model.json from `modelJsonUrl` and every shard it names (resolved against that URL,
 * keeping its query string, as TF.js does) into `options.dir`, once: an existing complete folder
 * is reused. Each file goes through `downloadFile` into a temporary sibling folder renamed into
 * place when all arrived, so a failed or concurrent download never leaves a half model.
 * Network failure: NtError NETWORK. Returns the local directory.
 */
export async function downloadModel(modelJsonUrl: string, options: DownloadModelOptions): Promise<string> {
  const target = options.dir;
  if (existsSync(join(target, "model.json"))) return target;
  const url = new URL(modelJsonUrl);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(
    dirname(target),
    `.tmp-${basename(target)}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  );
  mkdirSync(tmp);
  try {
    const jsonPath = join(tmp, "model.json");
    await fetchFile(url.href, jsonPath, "model.json", 0, 1, options);
    const jsonBytes = readFileSync(jsonPath);
    const jsonSha = createHash("sha256").update(jsonBytes).digest("hex");
    if (options.modelJsonSha256 !== undefined && jsonSha !== options.modelJsonSha256) {
      throw new NtError(
        "FORMAT",
        `${url.href}: model.json sha256 ${jsonSha} differs from the expected ${options.modelJsonSha256}`,
      );
    }
    const json = parseModelJson(jsonBytes.toString("utf8"), url.href);
    const paths = json.weightsManifest.flatMap((g) => g.paths);
    for (const [i, path] of paths.entries()) {
      // parseModelJson checked every path already; kept here because this loop writes files from them.
      const problem = shardPathProblem(path);
      if (problem !== undefined) throw new NtError("FORMAT", `${url.href}: shard path "${path}" ${problem}`);
      const shardUrl = new URL(path, url);
      shardUrl.search = url.search;
      await fetchFile(shardUrl.href, join(tmp, path), path, i + 1, paths.length + 1, options);
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

async function fetchFile(
  href: string,
  dest: string,
  file: string,
  filesDone: number,
  filesTotal: number,
  options: DownloadModelOptions,
): Promise<void> {
  const onProgress = options.onProgress;
  try {
    await downloadFile(href, dest, {
      ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
      ...(onProgress === undefined
        ? {}
        : {
            onProgress: (event) =>
              onProgress({ ...event, file, files: { done: filesDone, total: filesTotal } }),
          }),
    });
  } catch (error) {
    if (options.offlineHint === undefined || !(error instanceof NtError) || error.code !== "NETWORK")
      throw error;
    throw new NtError("NETWORK", `${error.message}. ${options.offlineHint}`, { cause: error });
  }
}
