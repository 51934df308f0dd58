import { describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import type { NdArray } from "@neurotranslator/schema";
import { assertShape, isNumeric, toFloat32, toFloat64, toInt32 } from "./ndarray-convert.ts";

const arr = (dtype: NdArray["dtype"], data: NdArray["data"], shape = [data.length]): NdArray => ({
  dtype,
  shape,
  data,
});

describe("ndarray-convert", () => {
  it("converts every numeric container exactly where the target can hold the value", () => {
    expect(Array.from(toFloat64(arr("int64", BigInt64Array.of(-3n, 2n ** 53n)), "x"))).toEqual([-3, 2 ** 53]);
    expect(Array.from(toFloat64(arr("bool", Uint8Array.of(1, 0)), "x"))).toEqual([1, 0]);
    expect(Array.from(toFloat32(arr("uint16", Uint16Array.of(65535)), "x"))).toEqual([65535]);
    expect(Array.from(toFloat32(arr("float64", Float64Array.of(0.1)), "x"))).toEqual([Math.fround(0.1)]);
    expect(Array.from(toInt32(arr("float64", Float64Array.of(1, -7)), "roi"))).toEqual([1, -7]);
    expect(Array.from(toInt32(arr("uint64", BigUint64Array.of(7n)), "roi"))).toEqual([7]);
  });

  it("returns the same data when no conversion is needed", () => {
    const f = arr("float32", Float32Array.of(1));
    expect(toFloat32(f, "x")).toBe(f.data);
    const d = arr("float64", Float64Array.of(1));
    expect(toFloat64(d, "x")).toBe(d.data);
  });

  it("names what is wrong", () => {
    expect(() => toFloat64(arr("unicode", ["a"]), "responses")).toThrow(
      "responses: expected numbers but found text (dtype unicode, shape (1,))",
    );
    expect(() => toInt32(arr("float64", Float64Array.of(1, 1.5)), "roi")).toThrow(
      "roi: element 1 = 1.5 is not an int32 integer",
    );
    expect(() => toInt32(arr("int64", BigInt64Array.of(2n ** 40n)), "roi")).toThrow(NtError);
    expect(() => assertShape(arr("float64", new Float64Array(6), [2, 3]), [1750, null], "responses")).toThrow(
      "responses: expected shape (1750, any) but got (2, 3)",
    );
    expect(() => assertShape(arr("float64", new Float64Array(6), [2, 3]), [2, null], "r")).not.toThrow();
    expect(isNumeric("bool")).toBe(true);
    expect(isNumeric("unicode")).toBe(false);
  });
});
