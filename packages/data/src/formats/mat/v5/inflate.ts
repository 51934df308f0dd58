import { Unzlib } from "fflate";
import { NtError } from "@neurotranslator/schema";

/**
 * Inflates the zlib stream `src` (one miCOMPRESSED element). Stops early once `stopAfter` bytes
 * are out (to read a variable's header cheaply); throws LIMIT past `maxOut` bytes so a small
 * stream cannot blow up memory, FORMAT when the stream is corrupt.
 */
export function inflateBounded(
  src: Uint8Array,
  opts: { maxOut: number; stopAfter?: number; where: string },
): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const stopAfter = opts.stopAfter ?? Infinity;
  const stream = new Unzlib((chunk, final) => {
    chunks.push(chunk);
    total += chunk.length;
    if (final) done = true;
  });
  // Small slices when only the header is wanted; large ones otherwise.
  const step = Number.isFinite(stopAfter) ? 1024 : 1 << 20;
  try {
    for (let pos = 0; pos < src.length && !done; pos += step) {
      const end = Math.min(pos + step, src.length);
      stream.push(src.subarray(pos, end), end === src.length);
      if (total > opts.maxOut) {
        throw new NtError("LIMIT", `${opts.where}: decompresses to more than ${opts.maxOut} bytes`);
      }
      if (total >= stopAfter) break;
    }
  } catch (error) {
    if (error instanceof NtError) throw error;
    throw new NtError("FORMAT", `${opts.where}: corrupt zlib data (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (total < stopAfter && !done) {
    throw new NtError("FORMAT", `${opts.where}: zlib stream ends early (truncated file?)`);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
