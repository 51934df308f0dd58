import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import type { NdArray } from "@neurotranslator/schema";
import { dataHex, fixtureBytes } from "../npy/fixtures.ts";
import type { ReadLimits } from "../npy/limits.ts";
import { NUMPY_MUTATIONS } from "../../testing/npz-mutations.ts";
import { makeRandom } from "../../testing/random.ts";
import { openNpz, readNpzFile, writeNpz, type NpzArchive } from "./index.ts";

// readNpzFile reads an array at a time from the file; openNpz reads bytes in memory. Both run the
// same zip and .npy code, so they must agree on every array and every error.

const dir = mkdtempSync(join(tmpdir(), "npz-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function random(n: number, seed: number): Float32Array {
  const rand = makeRandom(seed);
  return Float32Array.from({ length: n }, () => rand() * 2 - 1);
}

// "big" is 1.6 MB of noise: deflated it still spans two 1 MiB reads and many 64 KiB inflate steps.
const ARRAYS: Record<string, NdArray> = {
  big: { dtype: "float32", shape: [400, 1000], data: random(400_000, 7) },
  f8: { dtype: "float64", shape: [2, 3], data: Float64Array.of(0, 1.5, -2, 3, Infinity, NaN) },
  i8: { dtype: "int64", shape: [3], data: BigInt64Array.of(1n, -2n, 3n) },
  h: { dtype: "float16", shape: [3], data: Float32Array.of(1, -0, 65504) },
  b: { dtype: "bool", shape: [2, 2], data: Uint8Array.of(1, 0, 0, 1) },
  s: { dtype: "unicode", shape: [2], data: ["V1", "LatOcc"] },
  e: { dtype: "int16", shape: [0, 3], data: new Int16Array(0) },
};

function save(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Each array as dtype, shape and data (hex or strings), or the error it gave. */
function contents(archive: NpzArchive): Record<string, unknown> {
  return Object.fromEntries(
    archive.keys.map((key) => {
      try {
        const { dtype, shape } = archive.info(key);
        const arr = archive.get(key);
        const data = Array.isArray(arr.data) ? arr.data : dataHex(arr.data);
        return [key, { dtype, shape, got: [arr.dtype, arr.shape], data }];
      } catch (error) {
        return [key, outcome(error)];
      }
    }),
  );
}

function outcome(error: unknown): string {
  return error instanceof NtError ? `${error.code}: ${error.message}` : `untyped: ${String(error)}`;
}

/** What each reader makes of `bytes` saved as `name`: everything it reads, or the error it gave. */
function bothReaders(
  name: string,
  bytes: Uint8Array,
  limits?: ReadLimits,
): { memory: unknown; file: unknown } {
  const path = save(name, bytes);
  const read = (open: () => NpzArchive): unknown => {
    try {
      return contents(open());
    } catch (error) {
      return outcome(error);
    }
  };
  return {
    memory: read(() => openNpz(bytes, { source: name, ...(limits ? { limits } : {}) })),
    file: read(() => readNpzFile(path, limits ? { limits } : {})),
  };
}

/** Offsets of the central directory entry and local header of member `name` (no ZIP64). */
function member(bytes: Uint8Array, name: string): { central: number; local: number } {
  const text = Buffer.from(bytes).toString("latin1");
  for (let at = text.indexOf("PK\x01\x02"); at >= 0; at = text.indexOf("PK\x01\x02", at + 1)) {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const length = view.getUint16(at + 28, true);
    if (text.slice(at + 46, at + 46 + length) === name)
      return { central: at, local: view.getUint32(at + 42, true) };
  }
  throw new Error(`no member ${name}`);
}

describe("readNpzFile agrees with openNpz", () => {
  it.each(["savez.npz", "savez_compressed.npz", "plain_names.npz"])("on NumPy's %s", (name) => {
    const { memory, file } = bothReaders(name, fixtureBytes(name));
    expect(file).toEqual(memory);
    expect(JSON.stringify(file)).not.toContain("untyped");
  });

  it.each([
    {},
    { compress: true },
    { zip64: "always" as const },
    { compress: true, zip64: "always" as const },
  ])("on stored and deflated members %o", (options) => {
    const { memory, file } = bothReaders("m.npz", writeNpz(ARRAYS, options));
    expect(file).toEqual(memory);
    const big = (file as Record<string, { data: string }>).big;
    expect(big?.data).toBe(dataHex(ARRAYS.big!.data as Float32Array));
  });

  it("reads a stored array into a buffer of its own (the entry), not a copy of the file", () => {
    const bytes = writeNpz(ARRAYS);
    const arr = readNpzFile(save("own.npz", bytes)).get("big");
    const data = arr.data as Float32Array;
    expect(data.byteLength).toBe(1_600_000);
    // The .npy header and the data: a few hundred bytes over, nowhere near the 1.6 MB file.
    expect(data.buffer.byteLength - data.byteLength).toBeLessThan(512);
    expect(data.buffer.byteLength).toBeLessThan(bytes.length - 1000);
  });

  it("gives the same arrays and errors on 300 mutated archives", () => {
    const rand = makeRandom(2024);
    // "big" cut to 20 kB, quick to read 600 times (the tests above cover reads of many chunks).
    const small: Record<string, NdArray> = {
      ...ARRAYS,
      big: { dtype: "float32", shape: [5000], data: random(5000, 3) },
    };
    const corpus = [
      writeNpz(small),
      writeNpz(small, { compress: true }),
      writeNpz(small, { zip64: "always" }),
    ];
    const names = Object.keys(NUMPY_MUTATIONS);
    for (let c = 0; c < 300; c += 1) {
      let bytes = corpus[c % corpus.length]!;
      for (let k = 1 + Math.floor(rand() * 2); k > 0; k -= 1)
        bytes = NUMPY_MUTATIONS[names[Math.floor(rand() * names.length)]!]!(bytes, rand, corpus);
      // Small limits, as the fuzz test's: a mutated size claim is refused rather than allocated.
      const { memory, file } = bothReaders("fuzz.npz", bytes, { maxBytes: 1 << 20, maxElements: 1 << 18 });
      expect(file, `case ${c}`).toEqual(memory);
    }
  });
});

describe("readNpzFile errors name the file and the member, on one line", () => {
  const errorOf = (fn: () => unknown): NtError => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(NtError);
      expect((error as NtError).message).not.toContain("\n");
      return error as NtError;
    }
    throw new Error("expected an error");
  };

  it.each([false, true])("a wrong CRC-32 (deflated: %s)", (compress) => {
    const bytes = writeNpz(ARRAYS, { compress });
    const { central } = member(bytes, "big.npy");
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    view.setUint32(central + 16, view.getUint32(central + 16, true) ^ 1, true);
    const error = errorOf(() => readNpzFile(save("crc.npz", bytes)).get("big"));
    expect(error.message).toMatch(
      /^crc\.npz\["big"\]: CRC-32 mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\): the archive is corrupt$/,
    );
    expect(error.message).toBe(errorOf(() => openNpz(bytes, { source: "crc.npz" }).get("big")).message);
  });

  it("a deflated member cut short", () => {
    const bytes = writeNpz(ARRAYS, { compress: true });
    const { central, local } = member(bytes, "big.npy");
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const half = Math.floor(view.getUint32(central + 20, true) / 2);
    view.setUint32(central + 20, half, true);
    view.setUint32(local + 18, half, true);
    const error = errorOf(() => readNpzFile(save("cut.npz", bytes)).get("big"));
    expect(error.code).toBe("FORMAT");
    expect(error.message).toMatch(/^cut\.npz\["big"\]: corrupt deflate data \(.+\)$/);
    expect(error.message).toBe(errorOf(() => openNpz(bytes, { source: "cut.npz" }).get("big")).message);
  });

  it("a stored member cut short", () => {
    const bytes = writeNpz(ARRAYS);
    const { central, local } = member(bytes, "big.npy");
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    for (const at of [central + 20, central + 24, local + 18, local + 22]) view.setUint32(at, 1000, true);
    const error = errorOf(() => readNpzFile(save("short.npz", bytes)).get("big"));
    expect(error.message).toBe(
      'short.npz["big"]: header claims shape (400, 1000) float32 (1.60 MB with the header) but the entry holds 1.00 kB',
    );
    expect(error.message).toBe(errorOf(() => openNpz(bytes, { source: "short.npz" }).get("big")).message);
  });

  it("a truncated file", () => {
    const bytes = writeNpz(ARRAYS).subarray(0, 900_000);
    const error = errorOf(() => readNpzFile(save("trunc.npz", bytes)));
    expect(error.message).toBe(
      "trunc.npz: not a zip/npz archive (no end-of-central-directory record in 900000 bytes)",
    );
    expect(error.message).toBe(errorOf(() => openNpz(bytes, { source: "trunc.npz" })).message);
  });

  it("a file cut short or replaced after it was opened", () => {
    const path = save("later.npz", writeNpz(ARRAYS));
    const archive = readNpzFile(path);
    expect(archive.info("big").shape).toEqual([400, 1000]);
    truncateSync(path, 900_000);
    expect(errorOf(() => archive.get("big"))).toMatchObject({
      code: "BAD_INPUT",
      message: "later.npz: the file changed while it was being read",
    });
    writeFileSync(path, writeNpz({ big: ARRAYS.f8! }));
    expect(errorOf(() => archive.get("big")).message).toBe(
      "later.npz: the file changed while it was being read",
    );
  });

  it("a missing file, as the whole-file reader said it", () => {
    const error = errorOf(() => readNpzFile(join(dir, "none.npz")));
    expect(error).toMatchObject({
      code: "NOT_FOUND",
      message: `${join(dir, "none.npz")}: cannot open (ENOENT)`,
    });
  });
});
