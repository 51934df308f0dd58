import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { NtError, type ProgressCallback } from "@neurotranslator/schema";
import { downloadFile } from "./download.ts";

export interface FetchModelFileOptions {
  /** The file's sha256 when known (a registry entry): checked after download, and a cached copy is used only if it matches. */
  sha256?: string | undefined;
  onProgress?: ProgressCallback;
}

/**
 * A single-file model (an .onnx) from `url`, downloaded once into
 * `<cacheDir>/<sha256(url) first 16 hex>/<file name>` with resume (bytes land in a .part file
 * renamed when complete and checked). Later calls return the cached path without a request.
 * Offline: NtError NETWORK saying how to use a local file instead.
 */
export async function fetchModelFile(
  url: string,
  cacheDir: string,
  options: FetchModelFileOptions = {},
): Promise<string> {
  const dest = cachedModelFile(url, cacheDir);
  if (existsSync(dest) && options.sha256 === undefined) return dest;
  try {
    const result = await downloadFile(url, dest, {
      ...(options.sha256 === undefined ? {} : { expectedSha256: options.sha256 }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    return result.path;
  } catch (error) {
    if (error instanceof NtError && error.code === "NETWORK") {
      throw new NtError(
        "NETWORK",
        `${error.message}. To work offline, download the file elsewhere and pass its path to --model`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Where `fetchModelFile` keeps the file of `url` (it may not exist yet). */
export function cachedModelFile(url: string, cacheDir: string): string {
  const name = basename(new URL(url).pathname) || "model.onnx";
  return join(
    cacheDir,
    createHash("sha256").update(url).digest("hex").slice(0, 16),
    name.replace(/[^A-Za-z0-9_.-]/g, "_"),
  );
}
