import { describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { DEFAULT_READ_LIMITS, readNpy, writeNpy } from "./index.ts";
import { dataHex, fixtureBytes, loadManifest } from "./fixtures.ts";

const manifest = loadManifest();
const npyFiles = Object.entries(manifest.files).filter(([name]) => name.endsWith(".npy"));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof NtError ? error.code : `untyped: ${String(error)}`;
  }
  return "no error";
}

describe("readNpy on NumPy-written fixtures", () => {
  it.each(npyFiles)("%s", (name, expected) => {
    const bytes = fixtureBytes(name);
    if (expected.error) {
      expect(codeOf(() => readNpy(bytes, { source: name }))).toBe(expected.error);
      return;
    }
    const arr = readNpy(bytes, { source: name });
    expect(arr.dtype).toBe(expected.dtype);
    expect(arr.shape).toEqual(expected.shape);
    if (expected.strings) expect(arr.data).toEqual(expected.strings);
    else expect(dataHex(arr.data as Float64Array)).toBe(expected.hex);
  });

  it("returns a zero-copy view for aligned little-endian C data and a copy otherwise", () => {
    const bytes = fixtureBytes("f8_le_c.npy");
    const view = readNpy(bytes).data as Float64Array;
    expect(view.buffer).toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const copy = readNpy(shifted.subarray(1)).data as Float64Array;
    expect(copy.buffer).not.toBe(shifted.buffer);
    expect(Array.from(copy)).toEqual(Array.from(view));
  });

  it("refuses complex and object arrays with messages a user can act on", () => {
    expect(() => readNpy(fixtureBytes("complex.npy"), { source: "c.npy" })).toThrow(
      /c\.npy: complex data \(dtype <c16\)/,
    );
    expect(() => readNpy(fixtureBytes("object.npy"), { source: "o.npy" })).toThrow(
      /pickles.*allow_pickle is not supported/,
    );
  });

  it("ignores bytes after the data, as np.load does", () => {
    const bytes = fixtureBytes("i4_le_c.npy");
    const longer = new Uint8Array(bytes.length + 5);
    longer.set(bytes);
    expect(readNpy(longer).data).toEqual(readNpy(bytes).data);
  });
});

describe("readNpy distrusts headers", () => {
  const header = (dict: string): Uint8Array => {
    const text = new TextEncoder().encode(dict + "\n");
    const out = new Uint8Array(10 + text.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]);
    out.set(text, 10);
    return out;
  };

  it("names the claimed size and the bytes present when data is missing", () => {
    const bytes = header("{'descr': '<f8', 'fortran_order': False, 'shape': (1750, 8428), }");
    const padded = new Uint8Array(bytes.length + 12);
    padded.set(bytes);
    expect(() => readNpy(padded, { source: 'kay_images.npz["responses"]' })).toThrow(
      'kay_images.npz["responses"]: header claims shape (1750, 8428) float64 = 118 MB but only 12 bytes follow',
    );
  });

  it("checks limits before allocating", () => {
    const huge = header("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 100000), }");
    expect(codeOf(() => readNpy(huge))).toBe("LIMIT");
    const big = header("{'descr': '<u1', 'fortran_order': False, 'shape': (2000,), }");
    expect(codeOf(() => readNpy(big, { limits: { maxBytes: 1000 } }))).toBe("LIMIT");
    expect(codeOf(() => readNpy(big, { limits: { maxElements: 1000 } }))).toBe("LIMIT");
    expect(DEFAULT_READ_LIMITS.maxBytes).toBe(4 * 1024 ** 3);
  });

  it.each([
    ["{'descr': '<f8', 'fortran_order': False}", "missing key"],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "extra key"],
    ["{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", "fortran_order not bool"],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}", "negative dim"],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': [2]}", "shape list"],
    ["{'descr': __import__('os'), 'fortran_order': False, 'shape': (2,)}", "code"],
    ["{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", "duplicate key"],
    ["{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,)}", "structured"],
    ["{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (0,)}", "datetime"],
  ])("rejects %s (%s)", (dict) => {
    expect(codeOf(() => readNpy(header(dict)))).toBe("FORMAT");
  });

  it("accepts Python 2 long suffixes and spacing variants", () => {
    const arr = readNpy(header('{"shape": (0L, 3L), "fortran_order": False, "descr": "<f4"}'));
    expect(arr.shape).toEqual([0, 3]);
  });
});

describe("writeNpy", () => {
  it("writes byte for byte what np.save writes (little-endian C order)", () => {
    for (const name of [
      "f8_le_c.npy",
      "i8_le_c.npy",
      "b1_na_c.npy",
      "u6_le.npy",
      "zero_d.npy",
      "empty_0x3.npy",
      "f2_special.npy",
    ]) {
      const bytes = fixtureBytes(name);
      expect(dataHex(writeNpy(readNpy(bytes))), name).toBe(dataHex(bytes));
    }
  });

  it("round-trips big-endian, Fortran order and versions 2/3", () => {
    const arr = readNpy(fixtureBytes("i4_3d_be_f.npy"));
    for (const options of [
      { byteOrder: ">" as const },
      { fortranOrder: true },
      { version: 2 as const },
      { version: 3 as const },
    ]) {
      const back = readNpy(writeNpy(arr, options));
      expect(back.shape).toEqual(arr.shape);
      expect(Array.from(back.data as Int32Array)).toEqual(Array.from(arr.data as Int32Array));
    }
    expect(
      dataHex(writeNpy(readNpy(fixtureBytes("f8_be_f.npy")), { byteOrder: ">", fortranOrder: true })),
    ).toBe(dataHex(fixtureBytes("f8_be_f.npy")));
  });

  it("rejects inconsistent arrays", () => {
    expect(codeOf(() => writeNpy({ dtype: "float64", shape: [2, 2], data: new Float64Array(3) }))).toBe(
      "BAD_INPUT",
    );
    expect(codeOf(() => writeNpy({ dtype: "int64", shape: [1], data: new Float64Array(1) }))).toBe(
      "BAD_INPUT",
    );
  });
});

describe("Node Buffer input", () => {
  it("copies unaligned or byte-swapped data instead of aliasing a Buffer view", () => {
    const bytes = writeNpy(
      { dtype: "float64", shape: [3], data: Float64Array.of(1.5, -2, 3) },
      { byteOrder: ">" },
    );
    const buffer = Buffer.concat([Buffer.alloc(1), Buffer.from(bytes)]).subarray(1);
    const before = Buffer.from(buffer);
    const back = readNpy(buffer);
    expect(Array.from(back.data as Float64Array)).toEqual([1.5, -2, 3]);
    expect(Buffer.compare(buffer, before)).toBe(0);
  });
});
