import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NdArray } from "@neurotranslator/schema";
import { readNpy } from "../npy/read-npy.ts";
import { writeNpy } from "../npy/write-npy.ts";
import { openNpz } from "./open-npz.ts";
import { writeNpz } from "./write-npz.ts";

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 });
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

const arrayArb: fc.Arbitrary<NdArray> = shapeArb.chain((shape) => {
  const n = size(shape);
  return fc.oneof(
    fc
      .float64Array({ minLength: n, maxLength: n })
      .map((d): NdArray => ({ dtype: "float64", shape, data: d })),
    fc
      .float32Array({ minLength: n, maxLength: n })
      .map((d): NdArray => ({ dtype: "float32", shape, data: d })),
    fc
      .bigInt64Array({ minLength: n, maxLength: n })
      .map((d): NdArray => ({ dtype: "int64", shape, data: d })),
    fc.uint16Array({ minLength: n, maxLength: n }).map((d): NdArray => ({ dtype: "uint16", shape, data: d })),
    fc
      .array(fc.string({ unit: "grapheme" }), { minLength: n, maxLength: n })
      .map((d): NdArray => ({ dtype: "unicode", shape, data: d.map((s) => s.replace(/\0+$/, "")) })),
  );
});

const bytesOf = (arr: NdArray) =>
  Array.isArray(arr.data)
    ? arr.data
    : Buffer.from(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength).toString("hex");

describe("write -> read round trip (fast-check)", () => {
  it("readNpy(writeNpy(a, options)) equals a bit for bit", () => {
    fc.assert(
      fc.property(
        arrayArb,
        fc.constantFrom("<", ">"),
        fc.boolean(),
        fc.constantFrom(1, 2, 3),
        (arr, byteOrder, fortranOrder, version) => {
          const back = readNpy(
            writeNpy(arr, { byteOrder: byteOrder as "<" | ">", fortranOrder, version: version as 1 | 2 | 3 }),
          );
          expect(back.shape).toEqual(arr.shape);
          expect(back.dtype).toBe(arr.dtype);
          expect(bytesOf(back)).toEqual(bytesOf(arr));
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it("float16 bit patterns survive widening and narrowing (all 65,536)", () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const file = writeNpy({ dtype: "uint16", shape: [65536], data: all });
    file.set(new TextEncoder().encode("'<f2'"), file.indexOf(0x27, 10) + 9); // descr '<u2' -> '<f2'
    const half = readNpy(file);
    expect(half.dtype).toBe("float16");
    const again = writeNpy(half);
    expect(Buffer.from(again).equals(Buffer.from(file))).toBe(true);
  });

  it("openNpz(writeNpz(entries)) gives the entries back", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), arrayArb, { maxKeys: 4 }),
        fc.boolean(),
        (entries, compress) => {
          const archive = openNpz(writeNpz(entries, { compress }));
          expect(archive.keys.sort()).toEqual(Object.keys(entries).sort());
          for (const [k, arr] of Object.entries(entries))
            expect(bytesOf(archive.get(k))).toEqual(bytesOf(arr));
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });
});
