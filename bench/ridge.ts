// Ridge-CV benchmark at the Kay shape (not a test):  pnpm bench ridge [--quick] [--js [--js-full]] [--d 1024,4096] [--runs 5] [--no-sklearn]
// X: [1750, 8428] train, [120, 8428] test, float32; Y: [1750, D] with a planted linear signal
// (sparse true weights, noise level varying per feature; bench/ridge-data.ts writes them as raw
// float32 files to a temp dir); 20 alphas 1e-2..1e6 chosen per feature by leave-one-out. If
// /usr/bin/python3 has scikit-learn, RidgeCV(alphas, alpha_per_target=True) fit+predict is timed
// on the identical arrays (peak RSS via resource.getrusage). Ours runs twice: with the default
// precision "mixed" (float32 per-alpha products) and with "float64", which is what scikit-learn
// computes (RidgeCV converts float32 input to float64), so both ratios are printed. Each run of a
// side is a fresh process that reads the same files and times only fit + predict; the sides
// alternate run by run, the order reversed on odd runs (--runs, default 5; this machine's speed
// drifts by up to 25% from minute to minute), and both the ratio of the medians and the median of
// the paired ratios (run i of ours over run i of scikit-learn, taken back to back) are printed with
// every run's time. Ours runs in bench/ridge-run.ts.
// --js runs the pure-JS backend instead (at a reduced size, X (600, 2800), D = 256, unless
// --js-full: it is ~100x slower than OpenBLAS at the Kay shape).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configureOpenBlas } from "../packages/cli/src/env.ts";
import { median } from "../packages/core/src/metrics/stats.ts";

// --scale nsd: ridge-cv and the map at 9,000 images x 15,000 voxels, end to end (bench/ridge-nsd.ts).
if (process.argv.includes("--scale")) {
  const scale = process.argv[process.argv.indexOf("--scale") + 1];
  if (scale !== "nsd") throw new Error(`--scale: the only scale is "nsd", got ${String(scale)}`);
  await import("./ridge-nsd.ts");
  process.exit(process.exitCode ?? 0);
}
// --end-to-end: the whole `run` command against scikit-learn's whole script (bench/ridge-e2e.ts).
if (process.argv.includes("--end-to-end")) {
  await import("./ridge-e2e.ts");
  process.exit(process.exitCode ?? 0);
}

interface Size {
  n: number;
  m: number;
  p: number;
  ds: number[];
}

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const dArg = args[args.indexOf("--d") + 1];
const runs = flag("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive integer, got ${args[args.indexOf("--runs") + 1]}`);
const full: Size = {
  n: 1750,
  m: 120,
  p: 8428,
  ds: flag("--d") && dArg ? dArg.split(",").map(Number) : [1024, 4096],
};
const quick: Size = { n: 300, m: 40, p: 1000, ds: [64] };
const jsReduced: Size = { n: 600, m: 60, p: 2800, ds: [256] };

/** Every run's fit+predict seconds, the peak RSS over runs, and the last run's outputs. */
interface Result {
  times: number[];
  peakMiB: number;
  alphas: Float64Array;
  pred: Float32Array;
  note?: string;
  engine?: string;
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
function measure(
  size: Size,
  d: number,
  engine: "native" | "js",
  withSklearn: boolean,
): { ours: Result | string; ours64: Result | string; sk: Result | string } {
  const dir = mkdtempSync(join(tmpdir(), "nt-ridge-bench-"));
  try {
    const shape = [size.n, size.m, size.p, d].map(String);
    // The arrays are made in a child too, so this process stays idle while the sides are timed.
    const made = runOnce(process.execPath, [
      "--conditions=nt-source",
      "--import",
      "tsx/esm",
      "ridge-data.ts",
      dir,
      ...shape,
    ]);
    if (typeof made === "string") throw new Error(made);
    const sides = {
      ours: {
        cmd: process.execPath,
        argv: [
          "--conditions=nt-source",
          "--import",
          "tsx/esm",
          "ridge-run.ts",
          dir,
          ...shape,
          engine,
          "mixed",
        ],
        prefix: "ours",
        runs: [] as Record<string, unknown>[],
      },
      ours64: {
        cmd: process.execPath,
        argv: [
          "--conditions=nt-source",
          "--import",
          "tsx/esm",
          "ridge-run.ts",
          dir,
          ...shape,
          engine,
          "float64",
        ],
        prefix: "ours64",
        runs: [] as Record<string, unknown>[],
      },
      sk: {
        cmd: "/usr/bin/python3",
        argv: ["-c", PY, dir, ...shape],
        prefix: "sk",
        runs: [] as Record<string, unknown>[],
      },
    };
    const failed: Partial<Record<keyof typeof sides, string>> = {};
    for (let r = 0; r < runs; r++) {
      // ABC then CBA (ours first on even runs, scikit-learn first on odd ones) cancels order effects.
      for (const key of r % 2 === 0
        ? (["ours", "ours64", "sk"] as const)
        : (["sk", "ours64", "ours"] as const)) {
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
        ...(rechecked === undefined
          ? {}
          : { note: `float64 re-checks of near ties: ${String(rechecked)} targets` }),
        ...(side.runs[0]!["engine"] === undefined ? {} : { engine: String(side.runs[0]!["engine"]) }),
      };
    };
    return { ours: result("ours"), ours64: result("ours64"), sk: result("sk") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compare(label: string, mixed: Result | string, f64: Result | string, sk: Result | string): void {
  const line = (who: string, r: Result | string) => {
    if (typeof r === "string") return console.log(`    ${who.padEnd(20)} (${r})`);
    const each = r.times.length > 1 ? `   runs ${r.times.map((t) => t.toFixed(2)).join(", ")} s` : "";
    console.log(
      `    ${who.padEnd(20)} ${median(r.times).toFixed(2).padStart(8)} s   peak RSS ${r.peakMiB.toFixed(0).padStart(6)} MiB${each}${r.note ? `   (${r.note})` : ""}`,
    );
  };
  console.log(`  ${label}`);
  line("ours mixed (default)", mixed);
  line("ours float64", f64);
  line("scikit-learn", sk);
  if (typeof sk === "string") return;
  for (const [who, a] of [
    ["mixed", mixed],
    ["float64", f64],
  ] as const) {
    if (typeof a === "string") continue;
    let same = 0;
    a.alphas.forEach((v, i) => (same += Math.abs(v - sk.alphas[i]!) <= 1e-9 * v ? 1 : 0));
    let diff = 0;
    let scale = 0;
    a.pred.forEach((v, i) => {
      diff = Math.max(diff, Math.abs(v - sk.pred[i]!));
      scale = Math.max(scale, Math.abs(sk.pred[i]!));
    });
    const paired = median(a.times.map((t, i) => t / sk.times[i]!));
    console.log(
      `    ratio ours ${who.padEnd(7)}/sklearn ${(median(a.times) / median(sk.times)).toFixed(2)} (medians), ${paired.toFixed(2)} (median of paired runs)   identical alphas ${((100 * same) / a.alphas.length).toFixed(1)}%   max rel. prediction diff ${(diff / scale).toExponential(2)}`,
    );
  }
}

function bench(engine: "native" | "js", size: Size, withSklearn: boolean): void {
  for (const d of size.ds) {
    const { ours, ours64, sk } = measure(size, d, engine, withSklearn);
    const shape = `X (${size.n}, ${size.p}), test (${size.m}, ${size.p}), D = ${d}`;
    compare(`${typeof ours === "string" ? engine : ours.engine}: ${shape}`, ours, ours64, sk);
  }
}

const js = flag("--js");
const size = flag("--quick") ? quick : js && !flag("--js-full") ? jsReduced : full;
// This process only orchestrates (it never loads OpenBLAS); both children inherit this
// environment, so NumPy's OpenBLAS uses the same kernels as ours.
configureOpenBlas();
console.log(`ridge-cv benchmark; ${runs} run(s) per side, alternating, each in a fresh process`);
console.log(
  `OpenBLAS kernels for both sides: OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? "(library default)"}`,
);
if (js && size === jsReduced)
  console.log("(pure JS at a reduced size; --js-full for the Kay shape, which takes many minutes)");
bench(js ? "js" : "native", size, !flag("--no-sklearn"));
