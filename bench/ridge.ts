// Ridge-CV benchmark at the Kay shape (not a test):  pnpm bench ridge [--quick] [--js [--js-full]] [--d 1024,4096] [--runs 5] [--no-sklearn]
// X: [1750, 8428] train, [120, 8428] test, float32; Y: [1750, D] with a planted linear signal
// (sparse true weights, noise level varying per feature); 20 alphas 1e-2..1e6 chosen per feature
// by leave-one-out. If /usr/bin/python3 has scikit-learn, the identical arrays are written as raw
// float32 files to a temp dir and RidgeCV(alphas, alpha_per_target=True) fit+predict is timed in a
// subprocess (peak RSS via resource.getrusage); both are printed side by side. Each run of either
// side is a fresh process that reads the same files and times only fit + predict; the sides
// alternate run by run in ABBA order (--runs, default 5; this machine's speed drifts by up to 25%
// from minute to minute), and both the ratio of the medians and the median of the paired ratios
// (run i of ours over run i of scikit-learn, taken back to back) are printed with every run's time.
// ours runs in bench/ridge-run.ts.
// --js runs the pure-JS backend instead (at a reduced size, X (600, 2800), D = 256, unless
// --js-full: it is ~100x slower than OpenBLAS at the Kay shape).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Matrix32 } from "@neurotranslator/data/schema";
import { createJsBackend } from "../packages/core/src/linalg/js/index.ts";
import { selectLinalgBackend } from "../packages/core/src/linalg/select.ts";

interface Size { n: number; m: number; p: number; ds: number[] }

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const dArg = args[args.indexOf("--d") + 1];
const runs = flag("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${args[args.indexOf("--runs") + 1]}`);
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

/** times: every run's fit+predict seconds; alphas and pred from the last run. */
/** Every run's fit+predict seconds, the peak RSS over runs, and the last run's outputs. */
interface Result { times: number[]; peakMiB: number; alphas: Float64Array; pred: Float32Array; note?: string }

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
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
np.asarray(est.alpha_, np.float64).tofile(d + "/sk-alphas.bin")
np.asarray(pred, np.float32).tofile(d + "/sk-pred.bin")
print(json.dumps({"seconds": s, "peakMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

/** Runs one side once in a fresh process; returns its JSON line or why it failed. */
function runOnce(cmd: string, argv: string[]): Record<string, unknown> | string {
  const r = spawnSync(cmd, argv, { encoding: "utf8", cwd: import.meta.dirname });
  if (r.status !== 0) return `${cmd} failed: ${(r.stderr || String(r.error)).trim().split("\n").pop()}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

/** Alternates the two sides run by run, so both see the same machine conditions. */
function measure(data: ReturnType<typeof dataset>, engine: "native" | "js", withSklearn: boolean): { ours: Result | string; sk: Result | string } {
  const dir = mkdtempSync(join(tmpdir(), "nt-ridge-bench-"));
  try {
    writeFileSync(join(dir, "x.bin"), data.x.data);
    writeFileSync(join(dir, "y.bin"), data.y.data);
    writeFileSync(join(dir, "xt.bin"), data.xt.data);
    const shape = [data.x.rows, data.xt.rows, data.x.cols, data.y.cols].map(String);
    const sides = {
      ours: { cmd: process.execPath, argv: ["--conditions=nt-source", "--import", "tsx/esm", "ridge-run.ts", dir, ...shape, engine], prefix: "ours", runs: [] as Record<string, unknown>[] },
      sk: { cmd: "/usr/bin/python3", argv: ["-c", PY, dir, ...shape], prefix: "sk", runs: [] as Record<string, unknown>[] },
    };
    const failed: Partial<Record<keyof typeof sides, string>> = {};
    for (let r = 0; r < runs; r++) {
      // ABBA order (ours first on even runs, scikit-learn first on odd ones) cancels order effects.
      for (const key of r % 2 === 0 ? (["ours", "sk"] as const) : (["sk", "ours"] as const)) {
        if (failed[key] !== undefined || (key === "sk" && !withSklearn)) continue;
        const out = runOnce(sides[key].cmd, sides[key].argv);
        if (typeof out === "string") failed[key] = out;
        else sides[key].runs.push(out);
      }
    }
    const result = (key: keyof typeof sides): Result | string => {
      if (key === "sk" && !withSklearn) return "skipped (--no-sklearn)";
      if (failed[key] !== undefined) return failed[key];
      const side = sides[key];
      const buf = (f: string) => readFileSync(join(dir, `${side.prefix}-${f}`));
      const a = buf("alphas.bin");
      const pb = buf("pred.bin");
      const rechecked = side.runs[0]!["rechecked"];
      return {
        times: side.runs.map((o) => o["seconds"] as number),
        peakMiB: Math.max(...side.runs.map((o) => o["peakMiB"] as number)),
        alphas: new Float64Array(a.buffer, a.byteOffset, a.length / 8).slice(),
        pred: new Float32Array(pb.buffer, pb.byteOffset, pb.length / 4).slice(),
        ...(rechecked === undefined ? {} : { note: `float64 re-checks of near ties: ${String(rechecked)} targets` }),
      };
    };
    return { ours: result("ours"), sk: result("sk") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compare(label: string, a: Result | string, b: Result | string): void {
  const line = (who: string, r: Result) => {
    const each = r.times.length > 1 ? `   runs ${r.times.map((t) => t.toFixed(2)).join(", ")} s` : "";
    console.log(`    ${who.padEnd(14)} ${median(r.times).toFixed(2).padStart(8)} s   peak RSS ${r.peakMiB.toFixed(0).padStart(6)} MiB${each}${r.note ? `   (${r.note})` : ""}`);
  };
  console.log(`  ${label}`);
  if (typeof a === "string") {
    console.log(`    ours           (${a})`);
    return;
  }
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
  const paired = median(a.times.map((t, i) => t / b.times[i]!));
  console.log(`    ratio ours/sklearn ${(median(a.times) / median(b.times)).toFixed(2)} (medians), ${paired.toFixed(2)} (median of paired runs)   identical alphas ${((100 * same) / a.alphas.length).toFixed(1)}%   max rel. prediction diff ${(diff / scale).toExponential(2)}`);
}

function bench(engine: "native" | "js", description: string, size: Size, withSklearn: boolean): void {
  for (const d of size.ds) {
    const data = dataset(size, d);
    const { ours, sk } = measure(data, engine, withSklearn);
    compare(`${description}: X (${size.n}, ${size.p}), test (${size.m}, ${size.p}), D = ${d}`, ours, sk);
  }
}

const js = flag("--js");
const size = flag("--quick") ? quick : js && !flag("--js-full") ? jsReduced : full;
const backend = js ? createJsBackend() : selectLinalgBackend();
console.log(`ridge-cv benchmark; backend: ${backend.description}; ${runs} run(s) per side, alternating, each in a fresh process`);
// Both children inherit this environment (selecting the backend set OPENBLAS_CORETYPE), so NumPy's
// OpenBLAS uses the same kernels as ours.
console.log(`OpenBLAS kernels for both sides: OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? "(library default)"}`);
if (js && size === jsReduced) console.log("(pure JS at a reduced size; --js-full for the Kay shape, which takes many minutes)");
bench(js ? "js" : "native", backend.name, size, !flag("--no-sklearn"));
