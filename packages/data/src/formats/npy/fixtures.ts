import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Folder of the NumPy-written fixtures (made by scripts/make-npy-fixtures.py). Tests only. */
export const NPY_FIXTURE_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "test",
  "fixtures",
  "npy",
);

export interface ExpectedArray {
  dtype: string;
  shape: number[];
  hex?: string;
  strings?: string[];
  error?: string;
}
export interface FixtureManifest {
  numpy: string;
  files: Record<
    string,
    ExpectedArray & { entries?: Record<string, ExpectedArray>; order?: string[]; notArray?: string[] }
  >;
}

export function loadManifest(): FixtureManifest {
  return JSON.parse(readFileSync(join(NPY_FIXTURE_DIR, "manifest.json"), "utf8")) as FixtureManifest;
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(NPY_FIXTURE_DIR, name)));
}

/** Little-endian bytes of typed-array data as hex (the manifest's form). */
export function dataHex(data: ArrayBufferView): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("hex");
}
