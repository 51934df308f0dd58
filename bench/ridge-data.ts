// The ridge benchmark's arrays, written by a child of bench/ridge.ts (not run directly).
// Args: dir n m p D. Writes x.bin [n, p], xt.bin [m, p] and y.bin [n, D] (float32) and prints {}.
// X: deterministic normal-ish values; Y: a planted linear signal (each feature reads 50 voxels)
// with a noise level growing across features (SNR 3 .. 0.1).
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Deterministic normal-ish values (sum of uniforms from an LCG). */
function gen(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return () => u() + u() + u() - 1.5;
}

function dataset(
  n: number,
  m: number,
  p: number,
  d: number,
): { x: Float32Array; y: Float32Array; xt: Float32Array } {
  const r = gen(42);
  const xAll = Float32Array.from({ length: (n + m) * p }, r);
  const y = new Float32Array(n * d);
  const rw = gen(7);
  for (let f = 0; f < d; f++) {
    const idx = Array.from({ length: 50 }, () => Math.floor(((rw() + 1.5) / 3) * p) % p);
    const wts = idx.map(() => rw());
    const noise = 0.3 + (10 * f) / d;
    for (let i = 0; i < n; i++) {
      let s = 0;
      idx.forEach((j, t) => (s += xAll[i * p + j]! * wts[t]!));
      y[i * d + f] = s + noise * rw() * 3;
    }
  }
  return { x: xAll.subarray(0, n * p), y, xt: xAll.subarray(n * p) };
}

const [dir, ...shape] = process.argv.slice(2);
const [n, m, p, d] = shape.map(Number) as [number, number, number, number];
const { x, y, xt } = dataset(n, m, p, d);
writeFileSync(join(dir!, "x.bin"), x);
writeFileSync(join(dir!, "y.bin"), y);
writeFileSync(join(dir!, "xt.bin"), xt);
console.log("{}");
