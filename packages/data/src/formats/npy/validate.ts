import { NtError, formatShape } from "@neurotranslator/schema";
import type { NdArray } from "@neurotranslator/schema";
import { DTYPES } from "@neurotranslator/schema";
import { MEMORY_ARRAY } from "./typed-arrays.ts";

/** Checks that an NdArray is self-consistent before it is written (dtype, container, length). */
export function assertWritable(arr: NdArray, label: string): void {
  if (!(DTYPES as readonly string[]).includes(arr.dtype)) {
    throw new NtError("BAD_INPUT", `${label}: unknown dtype ${JSON.stringify(arr.dtype)}`);
  }
  if (!Array.isArray(arr.shape) || arr.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new NtError(
      "BAD_INPUT",
      `${label}: shape ${JSON.stringify(arr.shape)} is not a list of non-negative integers`,
    );
  }
  const expected = arr.shape.reduce((a, b) => a * b, 1);
  if (arr.dtype === "unicode") {
    if (!Array.isArray(arr.data) || arr.data.some((s) => typeof s !== "string")) {
      throw new NtError("BAD_INPUT", `${label}: dtype unicode needs data as string[]`);
    }
  } else {
    const Ctor = MEMORY_ARRAY[arr.dtype];
    if (!(arr.data instanceof Ctor)) {
      throw new NtError(
        "BAD_INPUT",
        `${label}: dtype ${arr.dtype} needs data as ${Ctor.name}, got ${Array.isArray(arr.data) ? "string[]" : arr.data.constructor.name}`,
      );
    }
  }
  if (arr.data.length !== expected) {
    throw new NtError(
      "BAD_INPUT",
      `${label}: shape ${formatShape(arr.shape)} needs ${expected} elements but data has ${arr.data.length}`,
    );
  }
}
