import { Inflate } from "fflate";
import { NtError } from "@neurotranslator/schema";

/** Input is fed in pieces this size, so one push can overshoot the limit by at most ~1032x it. */
const INPUT_PIECE = 64 * 1024;

/** Each chunk of `input` cut into pieces of at most `size` bytes, flagged when it is the last of all. */
function* pieces(input: Iterable<Uint8Array>, size: number): Generator<[Uint8Array, boolean]> {
  let held: Uint8Array | undefined;
  for (const chunk of input) {
    if (held !== undefined) yield* cut(held, size, false);
    held = chunk;
  }
  yield* cut(held ?? new Uint8Array(0), size, true);
}

function* cut(chunk: Uint8Array, size: number, last: boolean): Generator<[Uint8Array, boolean]> {
  if (chunk.length === 0) {
    if (last) yield [chunk, true];
    return;
  }
  for (let pos = 0; pos < chunk.length; pos += size) {
    const end = Math.min(pos + size, chunk.length);
    yield [chunk.subarray(pos, end), last && end === chunk.length];
  }
}

/** A failure of the inflater as a FORMAT error; a failure reading the input passes through as it is. */
function corrupt(label: string, error: unknown): NtError {
  if (error instanceof NtError) return error;
  return new NtError("FORMAT", `${label}: corrupt deflate data (${(error as Error).message})`, {
    cause: error,
  });
}

/**
 * Inflates raw DEFLATE data, given as chunks read in turn, that claims to expand to exactly
 * `expectedSize` bytes. Output is written into one buffer of that size; inflation stops as soon as
 * the stream produces more (a deflate bomb) and fails if it produces less. `onOutput` sees each
 * piece of output once, in order (to checksum it while it is fresh in cache). Errors are FORMAT
 * NtErrors naming `label`.
 */
export function inflateRawExact(
  input: Iterable<Uint8Array>,
  expectedSize: number,
  label: string,
  onOutput?: (piece: Uint8Array) => void,
): Uint8Array {
  const out = new Uint8Array(expectedSize);
  let written = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > expectedSize) {
      overflow = true;
      return;
    }
    out.set(chunk, written);
    onOutput?.(out.subarray(written, written + chunk.length));
    written += chunk.length;
  });
  try {
    for (const [piece, last] of pieces(input, INPUT_PIECE)) {
      inflater.push(piece, last);
      if (overflow) break;
    }
  } catch (error) {
    throw corrupt(label, error);
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
 * The first `length` bytes that raw DEFLATE data (chunks read in turn) expands to (fewer only if the
 * stream ends first), inflating and reading no further than needed: a header can be read without
 * expanding the rest.
 */
export function inflateRawPrefix(input: Iterable<Uint8Array>, length: number, label: string): Uint8Array {
  const out = new Uint8Array(length);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    const take = Math.min(chunk.length, length - written);
    out.set(chunk.subarray(0, take), written);
    written += take;
  });
  try {
    // Small input steps: each can expand ~1000x, and only the header is wanted.
    for (const [piece, last] of pieces(input, 1024)) {
      if (written >= length) break;
      if (piece.length > 0) inflater.push(piece, last);
    }
  } catch (error) {
    throw corrupt(label, error);
  }
  return out.subarray(0, written);
}
