import { NtError } from "@neurotranslator/schema";
import type { NumericTypedArray } from "@neurotranslator/schema";
import { MI } from "./tags.ts";

type Ctor = { new (buffer: ArrayBuffer): NumericTypedArray; BYTES_PER_ELEMENT: number };

/** Typed-array constructor for each numeric storage type (miXXX). */
const STORAGE: Record<number, Ctor> = {
  [MI.INT8]: Int8Array,
  [MI.UINT8]: Uint8Array,
  [MI.INT16]: Int16Array,
  [MI.UINT16]: Uint16Array,
  [MI.INT32]: Int32Array,
  [MI.UINT32]: Uint32Array,
  [MI.SINGLE]: Float32Array,
  [MI.DOUBLE]: Float64Array,
  [MI.INT64]: BigInt64Array,
  [MI.UINT64]: BigUint64Array,
  [MI.UTF16]: Uint16Array,
  [MI.UTF32]: Uint32Array,
};

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function storageSize(miType: number): number | undefined {
  return STORAGE[miType]?.BYTES_PER_ELEMENT;
}

/**
 * Copies `nbytes` at `offset` into a host-order typed array of storage type `miType`
 * (the copy also fixes alignment; big-endian data are byte-swapped).
 */
export function readStorage(
  bytes: Uint8Array,
  offset: number,
  nbytes: number,
  miType: number,
  le: boolean,
  where: string,
): NumericTypedArray {
  const ctor = STORAGE[miType];
  if (ctor === undefined)
    throw new NtError("FORMAT", `${where}: data element type ${miType} is not a numeric type`);
  const size = ctor.BYTES_PER_ELEMENT;
  if (nbytes % size !== 0) {
    throw new NtError(
      "FORMAT",
      `${where}: ${nbytes} data bytes is not a multiple of the element size ${size}`,
    );
  }
  // a fresh copy (not bytes.slice: on a Node Buffer that is a view into a shared pool)
  const copy = new Uint8Array(nbytes);
  copy.set(bytes.subarray(offset, offset + nbytes));
  if (le !== HOST_LE && size > 1) swapBytes(copy, size);
  return new ctor(copy.buffer);
}

function swapBytes(b: Uint8Array, size: number): void {
  for (let i = 0; i < b.length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = b[lo] as number;
      b[lo] = b[hi] as number;
      b[hi] = t;
    }
  }
}

/**
 * Converts stored values to the class's typed array (MATLAB stores e.g. a double matrix of small
 * integers as miUINT8): numbers widen, and 64-bit integer classes take BigInts.
 */
export function widen(
  src: NumericTypedArray,
  target: { new (n: number): NumericTypedArray },
  where: string,
): NumericTypedArray {
  if (src.constructor === target) return src;
  const dst = new target(src.length);
  const toBig = dst instanceof BigInt64Array || dst instanceof BigUint64Array;
  for (let i = 0; i < src.length; i++) {
    const v = src[i] as number | bigint;
    if (toBig && typeof v === "number" && !Number.isInteger(v)) {
      throw new NtError("FORMAT", `${where}: 64-bit integer class stored as non-integer value ${v}`);
    }
    dst[i] = (toBig ? BigInt(v) : Number(v)) as never;
  }
  return dst;
}
