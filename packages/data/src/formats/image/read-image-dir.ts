import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { NtError } from "@neurotranslator/schema";
import { decodeImage, readImageHeader } from "./decode-image.ts";
import { toGrayFloat } from "./gray.ts";

export interface ImageStack {
  /** File names in order: 0.jpg, 1.jpg, ..., 10.jpg, ... */
  files: string[];
  height: number;
  width: number;
  /** Gray values in [0, 1]: [files.length, height, width] row-major. */
  data: Float32Array;
}

export interface ReadImageDirOptions {
  /** Read only the first `limit` images (in numeric order). */
  limit?: number;
  /** Per-image pixel limit passed to decodeImage. */
  maxPixels?: number;
  /** Per-image decoding memory limit passed to decodeImage (default 64 MiB). */
  maxDecodedBytes?: number;
  /** Most bytes the whole gray stack may take (default 4 GiB), checked before it is allocated. */
  maxStackBytes?: number;
}

const DEFAULT_MAX_STACK_BYTES = 4 * 1024 ** 3;

const NUMBERED = /^(\d+)\.(jpe?g|png)$/i;

/** The numbered image files (N.jpg / N.jpeg / N.png) in `dir`, sorted by N. */
export async function listNumberedImages(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new NtError("NOT_FOUND", `${dir}: cannot list image folder (${(error as Error).message})`, {
      cause: error,
    });
  }
  const numbered = names
    .map((name) => ({ name, m: NUMBERED.exec(name) }))
    .filter((e): e is { name: string; m: RegExpExecArray } => e.m !== null)
    .map((e) => ({ name: e.name, n: Number(e.m[1]) }))
    .sort((a, b) => a.n - b.n);
  for (let i = 1; i < numbered.length; i++) {
    const prev = numbered[i - 1];
    const cur = numbered[i];
    if (prev !== undefined && cur !== undefined && prev.n === cur.n) {
      throw new NtError("BAD_INPUT", `${dir}: both ${prev.name} and ${cur.name} are image ${cur.n}`);
    }
  }
  return numbered.map((e) => e.name);
}

/**
 * Reads the numbered images of `dir` (0.jpg, 1.jpg, ..., 10.jpg: numeric order) into one stack
 * of gray values [n, height, width] in [0, 1] (see toGrayFloat). All images must share one size;
 * the error names the first file that differs and both sizes. Gaps in the numbering are allowed:
 * `files` says which file each row came from.
 */
export async function readImageDir(dir: string, opts: ReadImageDirOptions = {}): Promise<ImageStack> {
  let files = await listNumberedImages(dir);
  if (opts.limit !== undefined) files = files.slice(0, Math.max(0, opts.limit));
  if (files.length === 0) throw new NtError("NOT_FOUND", `${dir}: no numbered images (N.jpg or N.png)`);
  let width = 0;
  let height = 0;
  let data = new Float32Array(0);
  for (const [i, name] of files.entries()) {
    const path = join(dir, name);
    const bytes = await readFile(path);
    // The size from the header, so a stray large image is refused before it is decoded.
    const header = readImageHeader(bytes, path);
    if (i === 0) {
      ({ width, height } = header);
      const stackBytes = files.length * width * height * 4;
      const maxStack = opts.maxStackBytes ?? DEFAULT_MAX_STACK_BYTES;
      if (stackBytes > maxStack) {
        throw new NtError(
          "LIMIT",
          `${dir}: ${files.length} images of ${width}x${height} need ${stackBytes} bytes as gray values, over the limit of ${maxStack}`,
        );
      }
    } else if (header.width !== width || header.height !== height) {
      throw new NtError(
        "BAD_INPUT",
        `${path}: image is ${header.width}x${header.height} but ${files[0]} is ${width}x${height}; all images must share one size`,
      );
    }
    const img = decodeImage(bytes, {
      source: path,
      maxPixels: opts.maxPixels,
      maxDecodedBytes: opts.maxDecodedBytes,
    });
    if (img.width !== width || img.height !== height) {
      throw new NtError(
        "FORMAT",
        `${path}: decodes to ${img.width}x${img.height} but its header says ${width}x${height}`,
      );
    }
    if (i === 0) data = new Float32Array(files.length * width * height);
    toGrayFloat(img, data.subarray(i * width * height, (i + 1) * width * height));
  }
  return { files, height, width, data };
}
