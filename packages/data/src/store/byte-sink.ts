import { chunkOverflow } from "./driver.ts";

/**
 * Where a stored array's bytes go as they arrive from the database: into a buffer unchanged, or
 * converted on the way (float64 read as float32, so that the wide copy is never allocated).
 * Readers call write() with consecutive pieces of any size; pieces of different ranges may interleave.
 */
export interface ByteSink {
  /** How many stored bytes the sink takes in all. */
  readonly byteLength: number;
  /** The destination itself when bytes are kept unchanged (a reader may decode straight into it). */
  readonly bytes?: Buffer;
  /** Takes the stored bytes src[start, end), which sit at `offset` in the stored array. */
  write(src: Uint8Array, start: number, end: number, offset: number): void;
}

/** Keeps the bytes as stored, in `target`. */
export function bytesSink(target: Uint8Array): ByteSink {
  const bytes = Buffer.from(target.buffer, target.byteOffset, target.byteLength);
  return {
    byteLength: bytes.length,
    bytes,
    write: (src, start, end, offset) => void bytes.set(src.subarray(start, end), offset),
  };
}

const BLOCK = 8192;

/**
 * Reads little-endian float64 values into float32 `target` (rounded to nearest, as assigning to a
 * Float32Array does). A value split across two pieces is assembled from both.
 */
export function float64ToFloat32Sink(target: Float32Array): ByteSink {
  const block = new Float64Array(BLOCK);
  const blockBytes = new Uint8Array(block.buffer);
  const partial = new Map<number, Uint8Array>(); // value index -> its 8 bytes (filled in as they come)
  const single = new Float64Array(1);
  const singleBytes = new Uint8Array(single.buffer);
  const takeByte = (offset: number, byte: number) => {
    const index = Math.floor(offset / 8);
    let bytes = partial.get(index);
    if (bytes === undefined) partial.set(index, (bytes = new Uint8Array(9)));
    bytes[offset % 8] = byte;
    if (++bytes[8]! === 8) {
      singleBytes.set(bytes.subarray(0, 8));
      target[index] = single[0]!;
      partial.delete(index);
    }
  };
  return {
    byteLength: target.length * 8,
    write(src, start, end, offset) {
      let s = start;
      let o = offset;
      while (s < end && o % 8 !== 0) takeByte(o++, src[s++]!);
      while (end - s >= 8) {
        const count = Math.min(BLOCK, Math.floor((end - s) / 8));
        blockBytes.set(src.subarray(s, s + count * 8));
        // set() between typed arrays of different types converts in native code (2-3x a JS loop).
        target.set(count === BLOCK ? block : block.subarray(0, count), o / 8);
        s += count * 8;
        o += count * 8;
      }
      while (s < end) takeByte(o++, src[s++]!);
    },
  };
}

/**
 * Hands chunk `seq` of array `arrayId`, which arrived as PostgreSQL's hex text ("\\x" + hex), to
 * `sink` at `offset`: decoded natively straight into the destination when bytes are kept as
 * stored. Returns the chunk's length; throws NtError STORE when it does not fit.
 */
export function writeHex(sink: ByteSink, text: string, offset: number, arrayId: string, seq: number): number {
  const length = (text.length - 2) / 2;
  if (offset + length > sink.byteLength) throw chunkOverflow(arrayId, seq, length, sink.byteLength - offset);
  if (sink.bytes !== undefined) return sink.bytes.write(text.slice(2), offset, length, "hex");
  sink.write(Buffer.from(text.slice(2), "hex"), 0, length, offset);
  return length;
}
