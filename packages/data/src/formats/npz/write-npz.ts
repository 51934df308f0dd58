import { basename } from "node:path";
import { NtError } from "@neurotranslator/schema";
import type { NdArray } from "@neurotranslator/schema";
import { writeFileAtomic } from "../npy/files.ts";
import { encodeNpyParts } from "../npy/write-npy.ts";
import { fileSource } from "./byte-source.ts";
import { openNpzSource, type NpzArchive, type OpenNpzOptions } from "./open-npz.ts";
import { buildZip, concat, type ZipWriteOptions } from "./zip-write.ts";

export interface WriteNpzOptions extends ZipWriteOptions {
  /** Deflate each member (np.savez_compressed); default false (np.savez). */
  compress?: boolean;
  /** Name used in error messages. */
  source?: string;
}

function npzParts(entries: Record<string, NdArray>, options: WriteNpzOptions): Uint8Array[] {
  const label = options.source ?? "<.npz>";
  const inputs = Object.entries(entries).map(([key, arr]) => {
    if (key === "") throw new NtError("BAD_INPUT", `${label}: array names must not be empty`);
    return {
      name: `${key}.npy`,
      parts: encodeNpyParts(arr, { source: `${label}[${JSON.stringify(key)}]` }),
      compress: options.compress ?? false,
    };
  });
  return buildZip(inputs, options);
}

/**
 * Writes arrays as an .npz loadable by np.load: members `<key>.npy`, stored (like np.savez,
 * byte-identical to it) or deflated (like np.savez_compressed).
 */
export function writeNpz(entries: Record<string, NdArray>, options: WriteNpzOptions = {}): Uint8Array {
  return concat(npzParts(entries, options));
}

/**
 * Opens an .npz file lazily (see openNpz) without reading it whole: the directory is read now, and
 * each array from the file when it is asked for (a stored one straight into its own buffer).
 */
export function readNpzFile(path: string, options: OpenNpzOptions = {}): NpzArchive {
  const source = options.source ?? basename(path);
  return openNpzSource(fileSource(path, source), { ...options, source });
}

/** Writes an .npz file atomically: to a temporary file in the same folder, then renamed. */
export function writeNpzFile(
  path: string,
  entries: Record<string, NdArray>,
  options: WriteNpzOptions = {},
): void {
  writeFileAtomic(path, npzParts(entries, { ...options, source: options.source ?? basename(path) }));
}
