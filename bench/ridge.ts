// Ridge-CV benchmark at the Kay shape (not a test):  pnpm bench ridge [--quick] [--js [--js-full]] [--d 1024,4096] [--no-sklearn]
// X: [1750, 8428] train, [120, 8428] test, float32; Y: [1750, D] with a planted linear signal
// (sparse true weights, noise level varying per feature); 20 alphas 1e-2..1e6 chosen per feature
// by leave-one-out. If /usr/bin/python3 has scikit-learn, the identical arrays are written as raw
// float32 files to a temp dir and RidgeCV(alphas, alpha_per_target=True) fit+predict is timed in a
// subprocess (peak RSS via resource.getrusage); both are printed side by side.
// --js runs the pure-JS backend instead (at a reduced size, X (600, 2800), D = 256, unless
// --js-full: it is ~100x slower than OpenBLAS at the Kay shape).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Matrix32 } from "@neurotranslator/data/schema";
import type { LinalgBackend } from "../packages/core/src/linalg/backend.ts";
import { createJsBackend } from "../packages/core/src/linalg/js/index.ts";
import { selectLinalgBackend } from "../packages/core/src/linalg/select.ts";
import { createSolver } from "../packages/core/src/solvers/index.ts";

interface Size { n: number; m: number; p: number; ds: number[] }

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const dArg = args[args.indexOf("--d") + 1];
const full: Size = { n: 1750, m: 120, p: 8428, ds: flag("--d") && dArg ? dArg.split(",").map(Number) : [1024, 4096] };
const quick: Size = { n: 300, m: 40, p: 1000, ds: [64] };
const jsReduced: Size = { n: 600, m: 60, p: 2800, ds: [256] };

/** Deterministic normal-ish values (sum of uniforms from an LCG). */
function gen(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return () => u() + u() + u() - 1.5;
}

function dataset(size: Size, d: number): { x: Matrix32; y: Matrix32; xt: Matrix32 } {
  const { n, m, p } = size;
  const r = gen(42);
  const xAll = Float32Array.from({ length: (n + m) * p }, r);
  // Planted signal: each feature reads 50 voxels; noise sd grows across features (SNR 3 .. 0.1).
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
  return { x: { rows: n, cols: p, data: xAll.subarray(0, n * p) }, y: { rows: n, cols: d, data: y }, xt: { rows: m, cols: p, data: xAll.subarray(n * p) } };
}

interface Result { seconds: number; peakMiB: number; alphas: Float64Array; pred: Float32Array; note?: string }

function ours(backend: LinalgBackend, data: ReturnType<typeof dataset>): Result {
  const t0 = performance.now();
  const est = createSolver("ridge-cv", {}, { backend });
  const diag = est.fit(data.x, data.y);
  const pred = est.predict(data.xt);
  const seconds = (performance.now() - t0) / 1000;
  const note = `float64 re-checks of near ties: ${String(diag["rechecked"])} targets`;
  return { seconds, peakMiB: process.resourceUsage().maxRSS / 1024, alphas: Float64Array.from(diag["alphas"] as number[]), pred: pred.data, note };
}

const PY = `
import json, resource, sys, time
import numpy as np
from sklearn.linear_model import RidgeCV
d, n, m, p, D = sys.argv[1], *map(int, sys.argv[2:6])
X = np.fromfile(d + "/x.bin", np.float32).reshape(n, p)
Y = np.fromfile(d + "/y.bin", np.float32).reshape(n, D)
Xt = np.fromfile(d + "/xt.bin", np.float32).reshape(m, p)
t = time.perf_counter()
est = RidgeCV(alphas=np.logspace(-2, 6, 20), alpha_per_target=True).fit(X, Y)
pred = est.predict(Xt)
s = time.perf_counter() - t
np.asarray(est.alpha_, np.float64).tofile(d + "/alphas.bin")
np.asarray(pred, np.float32).tofile(d + "/pred.bin")
print(json.dumps({"seconds": s, "peakMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

function sklearn(data: ReturnType<typeof dataset>): Result | string {
  const dir = mkdtempSync(join(tmpdir(), "nt-ridge-bench-"));
  try {
    writeFileSync(join(dir, "x.bin"), data.x.data);
    writeFileSync(join(dir, "y.bin"), data.y.data);
    writeFileSync(join(dir, "xt.bin"), data.xt.data);
    const r = spawnSync("/usr/bin/python3", ["-c", PY, dir, ...[data.x.rows, data.xt.rows, data.x.cols, data.y.cols].map(String)], { encoding: "utf8" });
    if (r.status !== 0) return `scikit-learn run failed: ${(r.stderr || String(r.error)).trim().split("\n").pop()}`;
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { seconds: number; peakMiB: number };
    const buf = (f: string) => readFileSync(join(dir, f));
    const a = buf("alphas.bin");
    const pb = buf("pred.bin");
    return { ...out, alphas: new Float64Array(a.buffer, a.byteOffset, a.length / 8).slice(), pred: new Float32Array(pb.buffer, pb.byteOffset, pb.length / 4).slice() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compare(label: string, a: Result, b: Result | string): void {
  const line = (who: string, r: Result) =>
    console.log(`    ${who.padEnd(14)} ${r.seconds.toFixed(2).padStart(8)} s   peak RSS ${r.peakMiB.toFixed(0).padStart(6)} MiB${r.note ? `   (${r.note})` : ""}`);
  console.log(`  ${label}`);
  line("ours", a);
  if (typeof b === "string") {
    console.log(`    scikit-learn   (${b})`);
    return;
  }
  line("scikit-learn", b);
  let same = 0;
  a.alphas.forEach((v, i) => (same += Math.abs(v - b.alphas[i]!) <= 1e-9 * v ? 1 : 0));
  let diff = 0;
  let scale = 0;
  a.pred.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(v - b.pred[i]!));
    scale = Math.max(scale, Math.abs(b.pred[i]!));
  });
  console.log(`    ratio ours/sklearn ${(a.seconds / b.seconds).toFixed(2)}   identical alphas ${((100 * same) / a.alphas.length).toFixed(1)}%   max rel. prediction diff ${(diff / scale).toExponential(2)}`);
}

function bench(backend: LinalgBackend, size: Size, withSklearn: boolean): void {
  for (const d of size.ds) {
    const data = dataset(size, d);
    const label = `${backend.name}: X (${size.n}, ${size.p}), test (${size.m}, ${size.p}), D = ${d}`;
    const a = ours(backend, data);
    compare(label, a, withSklearn ? sklearn(data) : "skipped (--no-sklearn)");
  }
}

const js = flag("--js");
const size = flag("--quick") ? quick : js && !flag("--js-full") ? jsReduced : full;
const backend = js ? createJsBackend() : selectLinalgBackend();
console.log(`ridge-cv benchmark; backend: ${backend.description}`);
// scikit-learn runs in a child that inherits this environment, so NumPy's OpenBLAS uses the same kernels.
console.log(`OpenBLAS kernels for both sides: OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? "(library default)"}`);
if (js && size === jsReduced) console.log("(pure JS at a reduced size; --js-full for the Kay shape, which takes many minutes)");
bench(backend, size, !flag("--no-sklearn"));
