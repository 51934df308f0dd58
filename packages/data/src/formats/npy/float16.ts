/**
 * IEEE 754 binary16 <-> binary32 by bit manipulation. Widening is exact; narrowing a value that
 * came from float16 gives back the same 16 bits (NaN payloads included), other values round to
 * nearest even.
 */

/** Widens float16 bit patterns to float32. Returns a new array: [n]. */
export function widenFloat16(half: Uint16Array): Float32Array {
  const out = new Float32Array(half.length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < half.length; i += 1) bits[i] = halfToSingleBits(half[i] as number);
  return out;
}

/** Narrows float32 values (read by bits, so NaN payloads survive) to float16 bit patterns: [n]. */
export function narrowToFloat16(single: Float32Array): Uint16Array {
  const bits = new Uint32Array(single.buffer, single.byteOffset, single.length);
  const out = new Uint16Array(single.length);
  for (let i = 0; i < single.length; i += 1) out[i] = singleToHalfBits(bits[i] as number);
  return out;
}

function halfToSingleBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  // Subnormal half: normalise into a float32 exponent.
  let e = 113;
  while ((mant & 0x400) === 0) {
    mant <<= 1;
    e -= 1;
  }
  return (sign | (e << 23) | ((mant & 0x3ff) << 13)) >>> 0;
}

function singleToHalfBits(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const exp = (f >>> 23) & 0xff;
  const mant = f & 0x7fffff;
  if (exp === 0xff) {
    if (mant === 0) return sign | 0x7c00;
    // Keep the top payload bits; force a nonzero mantissa so a NaN stays a NaN.
    const payload = mant >>> 13;
    return sign | 0x7c00 | (payload === 0 ? 0x200 : payload);
  }
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00; // overflow to infinity
  if (e <= 0) {
    if (e < -10) return sign; // underflow to zero
    // Subnormal half: shift the implicit-1 mantissa right, round to nearest even.
    const m = mant | 0x800000;
    const shift = 14 - e;
    const half = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (rem > mid || (rem === mid && (half & 1) === 1) ? half + 1 : half);
  }
  const half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // Round to nearest even; a carry into the exponent is correct (may give infinity).
  return sign | (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1) ? half + 1 : half);
}
