import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import type { NdArray } from "@neurotranslator/schema";
import { readMat, readMatFile } from "./index.ts";

// Fixtures and manifest.json: made by scripts/make-mat-fixtures.py (scipy.io.savemat, h5py, and a
// hand-written MATLAB-style v5 writer); see its header.
const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/mat/", import.meta.url));

interface Expected {
  dtype: string;
  shape: number[];
  values: (number | string | boolean)[];
}
interface Manifest {
  [file: string]: {
    version: "5" | "7.3";
    variables: Record<string, Expected>;
    errors: Record<string, { code: string; contains: string[] }>;
  };
}
const manifest = JSON.parse(readFileSync(`${FIXTURES}manifest.json`, "utf8")) as Manifest;

/** The manifest's JSON form of a value: non-finite floats and 64-bit ints as strings. */
function jsonValues(a: NdArray): (number | string | boolean)[] {
  return Array.from(a.data as ArrayLike<number | bigint | string>, (v) => {
    if (a.dtype === "bool") return v === 1;
    if (typeof v === "bigint") return String(v);
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    return v;
  });
}

describe.each(Object.entries(manifest))("%s", (name, spec) => {
  it.each(["file", "bytes"] as const)("reads every variable from a %s", async (how) => {
    const mat =
      how === "file"
        ? await readMatFile(`${FIXTURES}${name}`)
        : await readMat(readFileSync(`${FIXTURES}${name}`), { source: name });
    try {
      expect(mat.version).toBe(spec.version);
      expect([...mat.names].sort()).toEqual(Object.keys({ ...spec.variables, ...spec.errors }).sort());
      for (const [key, want] of Object.entries(spec.variables)) {
        const got = mat.get(key);
        expect({ key, dtype: got.dtype, shape: got.shape }).toEqual({
          key,
          dtype: want.dtype,
          shape: want.shape,
        });
        expect(jsonValues(got)).toEqual(want.values);
      }
      for (const [key, err] of Object.entries(spec.errors)) {
        const error = catchError(() => mat.get(key));
        expect(error).toBeInstanceOf(NtError);
        expect((error as NtError).code).toBe(err.code);
        for (const text of [name, `"${key}"`, ...err.contains])
          expect((error as NtError).message).toContain(text);
      }
      expect(mat.has("nope")).toBe(false);
      expect(catchError(() => mat.get("nope"))).toMatchObject({ code: "NOT_FOUND" });
    } finally {
      mat.close();
    }
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

async function readError(
  bytes: Uint8Array,
  source: string,
  limits?: { maxBytes?: number; maxElements?: number },
): Promise<NtError> {
  let mat;
  try {
    mat = await readMat(bytes, { source, limits });
    for (const n of mat.names) mat.get(n);
  } catch (error) {
    expect(error).toBeInstanceOf(NtError);
    return error as NtError;
  } finally {
    mat?.close();
  }
  throw new Error(`expected ${source} to fail`);
}

describe("bad input", () => {
  const plain = readFileSync(`${FIXTURES}v5_plain.mat`);
  const zlib = readFileSync(`${FIXTURES}v5_zlib.mat`);
  const v73 = readFileSync(`${FIXTURES}v73_responses.mat`);

  it("names the file for garbage and short input", async () => {
    const garbage = await readError(
      new TextEncoder().encode("hello, this is not a mat file at all".repeat(10)),
      "junk.mat",
    );
    expect(garbage).toMatchObject({ code: "FORMAT" });
    expect(garbage.message).toMatch(/^junk\.mat: not a MAT/);
    expect((await readError(new Uint8Array(10), "tiny.mat")).message).toContain(
      "tiny.mat: 10 bytes is too short",
    );
  });

  it("reports truncated v5 files, plain and compressed", async () => {
    const cut = await readError(plain.subarray(0, 400), "cut.mat");
    expect(cut).toMatchObject({ code: "FORMAT" });
    expect(cut.message).toMatch(/^cut\.mat: .*truncated/);
    const cutZ = await readError(zlib.subarray(0, zlib.length - 30), "cutz.mat");
    expect(cutZ.message).toMatch(/^cutz\.mat: /);
  });

  it("reports truncated v7.3 files", async () => {
    const cut = await readError(v73.subarray(0, 3000), "cut73.mat");
    expect(cut).toMatchObject({ code: "FORMAT" });
    expect(cut.message).toMatch(/^cut73\.mat: not a readable MAT v7\.3/);
  });

  it("enforces maxElements and maxBytes before allocating", async () => {
    const elems = await readError(plain, "p.mat", { maxElements: 10 });
    expect(elems).toMatchObject({ code: "LIMIT" });
    expect(elems.message).toContain('p.mat: variable "dbl" has shape (3, 4) = 12 elements');
    const bytes73 = await readError(v73, "r.mat", { maxBytes: 1000 });
    expect(bytes73.message).toContain('r.mat: variable "dataTrnS1" has shape (50, 12) = 2400 bytes');
  });

  it("detects a matrix whose dims disagree with its data", async () => {
    const bad = Uint8Array.from(readFileSync(`${FIXTURES}v5_matlab_le.mat`));
    // first variable d_u8 [2 x 3]: dims element data start at 128 + 8 + 16 + 8
    new DataView(bad.buffer).setInt32(160, 5, true);
    const error = await readError(bad, "dims.mat");
    expect(error.message).toContain(
      'dims.mat: variable "d_u8" has shape (5, 3) (15 values) but its data element holds 6 bytes',
    );
  });
});
