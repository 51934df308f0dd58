import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NdArray } from "@neurotranslator/schema";
import { dataHex } from "../formats/npy/fixtures.ts";
import { makeRandom } from "../testing/random.ts";
import { openNpz, writeNpzFile } from "../formats/npz/index.ts";
import { hashBundle } from "./hash.ts";
import { readKayNpz } from "./kay-npz.ts";

// readKayNpz reads the file an array at a time; what it returns must be what the in-memory reader
// gives for the same file, for stored (np.savez) and deflated (np.savez_compressed) members alike.

const dir = mkdtempSync(join(tmpdir(), "kay-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const [nTrain, nTest, voxels] = [40, 3, 5000];
const rand = makeRandom(5);
const noise = (n: number) => Float64Array.from({ length: n }, () => rand() * 2 - 1);

// The training responses are 1.6 MB of float64 noise: more than one 1 MiB read even deflated.
const KAY: Record<string, NdArray> = {
  stimuli: { dtype: "float32", shape: [nTrain, 16, 16], data: Float32Array.from(noise(nTrain * 256)) },
  stimuli_test: { dtype: "float32", shape: [nTest, 16, 16], data: Float32Array.from(noise(nTest * 256)) },
  responses: { dtype: "float64", shape: [nTrain, voxels], data: noise(nTrain * voxels) },
  responses_test: { dtype: "float64", shape: [nTest, voxels], data: noise(nTest * voxels) },
  roi: {
    dtype: "int64",
    shape: [voxels],
    data: BigInt64Array.from({ length: voxels }, (_, j) => BigInt(j % 8)),
  },
  roi_names: {
    dtype: "unicode",
    shape: [8],
    data: ["Other", "V1", "V2", "V3", "V3A", "V3B", "V4", "LatOcc"],
  },
};

const ROLES = [
  ["stimuliTrain", "stimuli"],
  ["stimuliTest", "stimuli_test"],
  ["responsesTrain", "responses"],
  ["responsesTest", "responses_test"],
  ["roi", "roi"],
] as const;

describe("readKayNpz reads the file an array at a time", () => {
  const pathOf = (compress: boolean) => join(dir, `kay-${compress}.npz`);
  beforeAll(() => {
    for (const compress of [false, true]) writeNpzFile(pathOf(compress), KAY, { compress });
  });

  it.each([false, true])("and gets the in-memory reader's arrays (deflated: %s)", async (compress) => {
    const path = pathOf(compress);
    const bundle = await readKayNpz(path);
    const inMemory = openNpz(new Uint8Array(readFileSync(path)), { source: "kay.npz" });
    for (const [role, key] of ROLES) {
      const want = inMemory.get(key);
      const got = bundle[role];
      expect([got.dtype, got.shape], key).toEqual([want.dtype, want.shape]);
      expect(dataHex(got.data as Float64Array), key).toBe(dataHex(want.data as Float64Array));
      expect(dataHex(got.data as Float64Array), key).toBe(dataHex(KAY[key]!.data as Float64Array));
    }
    expect(bundle.roiNames).toEqual(inMemory.get("roi_names").data);
    // Float64 responses are kept as float64, each in a buffer of its own (header and data only).
    const responses = bundle.responsesTrain.data as Float64Array;
    expect(responses).toBeInstanceOf(Float64Array);
    expect(responses.buffer.byteLength - responses.byteLength).toBeLessThan(512);
  });

  it("gives stored and deflated files the same content hash", async () => {
    const [stored, deflated] = [await readKayNpz(pathOf(false)), await readKayNpz(pathOf(true))];
    expect(hashBundle(stored)).toBe(hashBundle(deflated));
  });
});
