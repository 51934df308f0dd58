import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeUnless } from "@neurotranslator/vitest-config/prerequisites";
import { NtError } from "@neurotranslator/schema";
import { isOneShortLine, noHostileTools, makeHostile } from "../../../testing/hostile-files.ts";
import { readMat, readMatFile } from "../read-mat.ts";

async function refusal(path: string, variable = "stimTrn"): Promise<NtError> {
  const mat = await readMatFile(path, { source: "Stimuli.mat" });
  try {
    mat.get(variable);
  } catch (error) {
    expect(error).toBeInstanceOf(NtError);
    return error as NtError;
  } finally {
    mat.close();
  }
  throw new Error(`${path}: ${variable} was read`);
}

// Issue 12, item 1: HDF5 follows references to other files by itself. Each must be refused with one
// line, and no byte of another file may reach us (the in-memory file system holds only the input).
describeUnless(noHostileTools, "MAT v7.3 references to other files", () => {
  it.each([
    ["v73-external-storage", /refers to data outside this file \(".*secret\.bin"\): external storage/],
    ["v73-external-storage-relative", /refers to data outside this file \(".*secret\.bin"\)/],
    ["v73-external-etc-passwd", /refers to data outside this file \("\/etc\/passwd"\)/],
    ["v73-external-stdin", /refers to data outside this file \("\/dev\/stdin"\)/],
    ["v73-external-link", /is an external link to "other\.mat": links to other files are refused/],
    ["v73-external-link-passwd", /is an external link to "\/etc\/passwd"/],
    ["v73-virtual", /is a virtual dataset mapping ".*other\.mat:stimTrn": virtual datasets are refused/],
    [
      "v73-soft-outside",
      /is a soft link to "\/ext\/stimTrn", which is not a dataset at the root of this file: refused/,
    ],
    ["v73-plugin-filter", /is compressed with a filter HDF5 would load as a plugin, which is refused/],
  ])("%s is refused with one FORMAT line", async (caseName, message) => {
    const files = makeHostile(caseName);
    const error = await refusal(files["Stimuli.mat"]!);
    expect(error.code).toBe("FORMAT");
    expect(error.message).toMatch(/^Stimuli\.mat: variable "stimTrn" /);
    expect(error.message).toMatch(message);
    expect(isOneShortLine(error.message)).toBe(true);
    expect(error.message).not.toContain("SECRET");
  });

  it("keeps refusing after a refusal, and reads the file's other variables", async () => {
    const files = makeHostile("v73-external-storage");
    const mat = await readMat(readFileSync(files["Stimuli.mat"]!), { source: "Stimuli.mat" });
    try {
      expect(() => mat.get("stimTrn")).toThrow(/outside this file/);
      expect(mat.get("stimVal").shape).toEqual([2, 4, 4]);
      expect(() => mat.get("stimTrn")).toThrow(/outside this file/);
      expect(mat.info("stimVal")).toEqual({ dtype: "float32", shape: [2, 4, 4] });
    } finally {
      mat.close();
    }
  });

  it("follows a soft link to another dataset at the root of the same file", async () => {
    const files = makeHostile("v73-soft-inside");
    const mat = await readMatFile(files["Stimuli.mat"]!);
    try {
      const stim = mat.get("stimTrn");
      expect(stim.shape).toEqual([6, 4, 4]);
      expect(Array.from(stim.data as Float32Array).every((v) => v === 1)).toBe(true);
    } finally {
      mat.close();
    }
  });
});

// Issue 12, item 11: h5wasm's heap stops at 2 GiB, so variables are read in hyperslabs. Reading with
// tiny slabs (every axis cut, parts of chunks) must give exactly what h5py wrote.
describeUnless(noHostileTools, "MAT v7.3 variables read in hyperslabs", () => {
  const dir = mkdtempSync(join(tmpdir(), "nt-slabs-"));
  const path = join(dir, "slabs.mat");
  execFileSync("/usr/bin/python3", [
    "-c",
    String.raw`
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "w", userblock_size=512) as f:
    def put(name, value, cls, **kw):
        d = f.create_dataset(name, data=np.asarray(value).T, **kw)
        d.attrs["MATLAB_class"] = np.bytes_(cls)
    put("cube", np.arange(7 * 5 * 3, dtype=np.float64).reshape(7, 5, 3) * 1.5, "double", chunks=(2, 3, 2), compression="gzip")
    put("wide", np.arange(1 * 1001, dtype=np.int16).reshape(1, 1001), "int16")
    put("tall", np.arange(333 * 2, dtype=np.uint32).reshape(333, 2), "uint32", chunks=(1, 50))
with open(sys.argv[1], "r+b") as f:
    f.write(b"MATLAB 7.3 MAT-file".ljust(116)); f.seek(124); f.write(b"\x00\x02IM")
`,
    path,
  ]);
  const expected = {
    cube: Array.from({ length: 105 }, (_, i) => i * 1.5),
    wide: Array.from({ length: 1001 }, (_, i) => i),
    tall: Array.from({ length: 666 }, (_, i) => i),
  };

  it.each([8, 24, 40, 1 << 20])("gives h5py's values with slabs of %i bytes", async (slabBytes) => {
    const mat = await readMatFile(path, { slabBytes });
    try {
      for (const [name, values] of Object.entries(expected)) {
        const got = mat.get(name);
        expect({ name, values: Array.from(got.data as ArrayLike<number>) }).toEqual({ name, values });
      }
      expect(mat.get("cube").shape).toEqual([7, 5, 3]);
      expect(mat.get("wide").shape).toEqual([1, 1001]);
    } finally {
      mat.close();
    }
  });
});
