import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bytesSink, float64ToFloat32Sink } from "./byte-sink.ts";

/** Cuts [0, n) into pieces of random sizes (1 byte up to a few values), in order. */
function pieces(n: number, seed: number): [number, number][] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) % 29;
  const out: [number, number][] = [];
  for (let at = 0; at < n;) {
    const end = Math.min(n, at + 1 + next());
    out.push([at, end]);
    at = end;
  }
  return out;
}

describe("byte sinks", () => {
  const values = new Float64Array(randomBytes(8 * 1000).buffer);
  values.set([Number.NaN, -0, Infinity, 1e300, 5e-324, 1 + 2 ** -30], 0);
  const stored = new Uint8Array(values.buffer);

  it("float64ToFloat32Sink rounds as Float32Array does, whatever the pieces and their interleaving", () => {
    const want = Float32Array.from(values);
    for (const seed of [1, 2, 3]) {
      const got = new Float32Array(values.length);
      const sink = float64ToFloat32Sink(got);
      expect(sink.byteLength).toBe(stored.length);
      // Two ranges (split at a value boundary, as chunks are) written alternately.
      const half = 8 * 500;
      const a = pieces(half, seed);
      const b = pieces(stored.length - half, seed + 10).map(
        ([s, e]) => [s + half, e + half] as [number, number],
      );
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        for (const piece of [a[i], b[i]]) {
          if (piece === undefined) continue;
          // The piece arrives inside a larger buffer, at an unaligned position.
          const buffer = new Uint8Array(piece[1] - piece[0] + 3);
          buffer.set(stored.subarray(piece[0], piece[1]), 3);
          sink.write(buffer, 3, buffer.length, piece[0]);
        }
      }
      expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
    }
  });

  it("bytesSink keeps the bytes as stored", () => {
    const got = new Uint8Array(stored.length);
    const sink = bytesSink(got);
    for (const [s, e] of pieces(stored.length, 7)) sink.write(stored, s, e, s);
    expect(Buffer.from(got).equals(Buffer.from(stored))).toBe(true);
  });
});
