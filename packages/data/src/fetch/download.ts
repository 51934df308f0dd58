import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { NtError, type ProgressCallback } from "@neurotranslator/schema";

export interface DownloadOptions {
  /** Lower-case hex sha256 the finished file must have; a mismatch deletes it and fails. */
  expectedSha256?: string;
  /** Stage "download", bytes received of the Content-Length (undefined when the server sends none), `file` the name of `dest`. */
  onProgress?: ProgressCallback;
  /** Abort when no data has arrived for this long (default 60 s). */
  idleTimeoutMs?: number;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  resumed: boolean;
  skipped: boolean;
}

/**
 * Downloads `url` to `dest` with resume: bytes land in `dest.part`; a later call asks the server
 * for the rest with a Range request (and starts over if the server ignores it). The file appears
 * under its final name only when complete and, if a checksum is given, verified.
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  await mkdir(dirname(dest), { recursive: true });
  if (await exists(dest)) {
    const sha256 = await sha256File(dest);
    if (!options.expectedSha256 || sha256 === options.expectedSha256) {
      return { path: dest, bytes: (await stat(dest)).size, sha256, resumed: false, skipped: true };
    }
    await unlink(dest);
  }
  const part = `${dest}.part`;
  const have = (await exists(part)) ? (await stat(part)).size : 0;
  const controller = new AbortController();
  const idleMs = options.idleTimeoutMs ?? 60_000;
  let timer = setTimeout(() => controller.abort(), idleMs);
  const kick = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), idleMs);
  };
  try {
    const response = await fetch(url, {
      headers: have > 0 ? { Range: `bytes=${have}-` } : {},
      signal: controller.signal,
      redirect: "follow",
    }).catch((error: unknown) => {
      throw new NtError(
        "NETWORK",
        `cannot download ${url}: ${describeFetchError(error)} (are you offline?)`,
        { cause: error },
      );
    });
    if (response.status === 416 && have > 0) {
      // The part file is already complete.
      return await finish(part, dest, have, true, options);
    }
    if (!response.ok || !response.body)
      throw new NtError("NETWORK", `cannot download ${url}: HTTP ${response.status} ${response.statusText}`);
    const resumed = response.status === 206 && have > 0;
    const total = contentTotal(response, resumed ? have : 0);
    const handle = await open(part, resumed ? "a" : "w");
    let received = resumed ? have : 0;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        kick();
        await handle.write(chunk);
        received += chunk.byteLength;
        options.onProgress?.({
          stage: "download",
          file: basename(dest),
          done: received,
          total,
          unit: "bytes",
        });
      }
    } catch (error) {
      throw new NtError(
        "NETWORK",
        `download of ${url} stopped at ${received} bytes: ${describeFetchError(error)}; run the command again to resume`,
        { cause: error },
      );
    } finally {
      await handle.close();
    }
    if (total !== undefined && received !== total) {
      throw new NtError(
        "NETWORK",
        `download of ${url} stopped at ${received} of ${total} bytes; run the command again to resume`,
      );
    }
    return await finish(part, dest, received, resumed, options);
  } finally {
    clearTimeout(timer);
  }
}

async function finish(
  part: string,
  dest: string,
  bytes: number,
  resumed: boolean,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const sha256 = await sha256File(part);
  if (options.expectedSha256 && sha256 !== options.expectedSha256) {
    await unlink(part);
    throw new NtError(
      "NETWORK",
      `${dest}: checksum mismatch (sha256 ${sha256}, expected ${options.expectedSha256}); the partial file was removed, run again`,
    );
  }
  await rename(part, dest);
  return { path: dest, bytes, sha256, resumed, skipped: false };
}

function contentTotal(response: Response, offset: number): number | undefined {
  const range = response.headers.get("content-range");
  const fromRange = range ? Number(range.split("/")[1]) : NaN;
  if (Number.isFinite(fromRange)) return fromRange;
  const length = Number(response.headers.get("content-length"));
  return Number.isFinite(length) && response.headers.has("content-length") ? offset + length : undefined;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && error.name === "AbortError") return "no data arrived for too long";
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
