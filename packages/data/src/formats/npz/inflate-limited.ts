import { Inflate } from "fflate";
import { NtError } from "@neurotranslator/schema";

/** Input is fed in chunks this size, so one push can overshoot the limit by at most ~1032x it. */
const INPUT_CHUNK = 64 * 1024;

/**
 * Inflates raw DEFLATE `data` that claims to expand to exactly `expectedSize` bytes. Output is
 * written into one buffer of that size; inflation stops as soon as the stream produces more (a
 * deflate bomb) and fails if it produces less. Errors are FORMAT NtErrors naming `label`.
 */
export function inflateRawExact(data: Uint8Array, expectedSize: number, label: string): Uint8Array {
  const out = new Uint8Array(expectedSize);
  let written = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > expectedSize) {
      overflow = true;
      return;
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let pos = 0; pos < data.length && !overflow; pos += INPUT_CHUNK) {
      const end = Math.min(pos + INPUT_CHUNK, data.length);
      inflater.push(data.subarray(pos, end), end === data.length);
    }
    if (data.length === 0) inflater.push(data, true);
  } catch (error) {
    throw new NtError("FORMAT", `${label}: corrupt deflate data (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (overflow)
    throw new NtError(
      "FORMAT",
      `${label}: deflate data expands beyond its declared size of ${expectedSize} bytes`,
    );
  if (written !== expectedSize) {
    throw new NtError(
      "FORMAT",
      `${label}: deflate data expands to ${written} bytes, declared ${expectedSize}`,
    );
  }
  return out;
}

/**
 * The first `length` bytes that raw DEFLATE `data` expands to (fewer only if the stream ends first),
 * inflating no further than needed: a header can be read without expanding the rest.
 */
export function inflateRawPrefix(data: Uint8Array, length: number, label: string): Uint8Array {
  const out = new Uint8Array(length);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    const take = Math.min(chunk.length, length - written);
    out.set(chunk.subarray(0, take), written);
    written += take;
  });
  try {
    // Small input steps: each can expand ~1000x, and only the header is wanted.
    for (let pos = 0; pos < data.length && written < length; pos += 1024) {
      const end = Math.min(pos + 1024, data.length);
      inflater.push(data.subarray(pos, end), end === data.length);
    }
  } catch (error) {
    throw new NtError("FORMAT", `${label}: corrupt deflate data (${(error as Error).message})`, {
      cause: error,
    });
  }
  return out.subarray(0, written);
}
