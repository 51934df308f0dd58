import { basename } from "node:path";
import type { NdArray } from "@neurotranslator/schema";
import { readFileBytes, writeFileAtomic } from "./files.ts";
import { readNpy, type ReadNpyOptions } from "./read-npy.ts";
import { encodeNpyParts, type WriteNpyOptions } from "./write-npy.ts";

/** Reads a .npy file from disk (errors name the file's base name unless `source` is given). */
export function readNpyFile(path: string, options: ReadNpyOptions = {}): NdArray {
  return readNpy(readFileBytes(path), { ...options, source: options.source ?? basename(path) });
}

/** Writes a .npy file atomically (temp file + rename). */
export function writeNpyFile(path: string, arr: NdArray, options: WriteNpyOptions = {}): void {
  writeFileAtomic(path, encodeNpyParts(arr, { ...options, source: options.source ?? basename(path) }));
}
