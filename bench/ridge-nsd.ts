// `pnpm bench ridge --scale nsd [--n 9000] [--m 300] [--p 15000] [--d 256] [--runs 1] [--no-map] [--no-sklearn]`:
// ridge-cv at the scale of modern datasets (the Natural Scenes Dataset: ~9,000 images per subject,
// 15,000+ visual-cortex voxels) against scikit-learn, end to end (not a test).
// Setup: bench/ridge-nsd-data.ts writes nsd.npz (float32 responses, ~560 MB at the default size) and
// features.npz (7 layers: "late" with D features, l1..l6); a fresh store imports both (the import's
// wall time and peak RSS are printed).
// Timed once each by default (a full-size run takes minutes); `--runs N` alternates N pairs of runs
// and adds the medians and the paired ratios, since a shared machine's speed drifts within minutes.
// Whole processes under /usr/bin/time (wall and CPU seconds, peak RSS of that process; under load
// the wall ratio depends on each side's share of the cores, and CPU time includes OpenBLAS
// threads' spinning):
//   ours: neurotranslator run --dataset nsd --features f --layer late --solver ridge-cv
//         --alphas <scikit-learn's 20> --json (defaults: 1,000 permutations and 1,000 bootstrap
//         resamples, stored; the PostgreSQL server is a separate process, not counted)
//   scikit-learn: python3 loads nsd.npz and features.npz, RidgeCV(20 alphas 1e-2..1e6,
//         alpha_per_target=True).fit(responses, late_train), predict(responses_test), saves them
// Printed: both times and peaks, the ratio, our stages and ridge-cv plan (engine, form, precision),
// the agreement of the two predictions (per-feature correlation over test images; Pearson r of all
// predictions) and the share of identical alphas; then `map` (7 areas x 7 layers, both directions)
// with its time and peak.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readNpzFile } from "../packages/data/src/formats/index.ts";
import { configureOpenBlas } from "../packages/cli/src/env.ts";
import { median } from "../packages/core/src/metrics/stats.ts";

const args = process.argv.slice(2);
const value = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const [n, m, p, D] = [value("--n", 9000), value("--m", 300), value("--p", 15000), value("--d", 256)];
for (const [name, v] of Object.entries({ "--n": n, "--m": m, "--p": p, "--d": D })) {
  if (!Number.isInteger(v) || v < 8) throw new Error(`${name} must be an integer >= 8, got ${String(v)}`);
}
const runs = value("--runs", 1);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be an integer >= 1, got ${String(runs)}`);

const launcher = resolve(import.meta.dirname, "../packages/cli/bin/neurotranslator.js");

const PY = `
import sys
import numpy as np
from sklearn.linear_model import RidgeCV
d = sys.argv[1]
data = np.load(d + "/nsd.npz")
feats = np.load(d + "/features.npz")
X, Xt = data["responses"], data["responses_test"]
est = RidgeCV(alphas=np.logspace(-2, 6, 20), alpha_per_target=True).fit(X, feats["late_train"])
pred = est.predict(Xt)
np.savez(d + "/sk.npz", predictions=pred.astype(np.float32), alphas=np.asarray(est.alpha_, np.float64))
`;

/** Runs a command under /usr/bin/time; returns wall and CPU (user + system) seconds, peak RSS (MiB) and stdout (throws with stderr on failure). */
function timed(
  cmd: string,
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): { seconds: number; cpu: number; peakMiB: number; stdout: string } {
  const r = spawnSync("/usr/bin/time", ["-f", "NT-TIME %e %M %U %S", cmd, ...argv], {
    encoding: "utf8",
    env,
    maxBuffer: 256 * 2 ** 20,
  });
  const line = (r.stderr ?? "").split("\n").find((l) => l.startsWith("NT-TIME "));
  if (r.status !== 0 || line === undefined)
    throw new Error(
      `${cmd} ${argv.slice(0, 4).join(" ")} failed: ${(r.stderr || String(r.error))
        .trim()
        .split("\n")
        .filter((l) => !l.startsWith("NT-TIME"))
        .pop()}`,
    );
  const [, wall, kib, user, sys] = line.split(" ");
  return {
    seconds: Number(wall),
    cpu: Number(user) + Number(sys),
    peakMiB: Number(kib) / 1024,
    stdout: r.stdout,
  };
}

/** Pearson correlation of two equal-length arrays. */
function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) [ma, mb] = [ma + a[i]! / a.length, mb + b[i]! / a.length];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++)
    [sab, saa, sbb] = [sab + (a[i]! - ma) * (b[i]! - mb), saa + (a[i]! - ma) ** 2, sbb + (b[i]! - mb) ** 2];
  return sab / Math.sqrt(saa * sbb);
}

const dir = mkdtempSync(join(tmpdir(), "nt-ridge-nsd-"));
chmodSync(dir, 0o755); // under root the store's server runs as another account
const env = {
  ...process.env,
  NEUROTRANSLATOR_STORE: join(dir, "store"),
  DATABASE_URL: undefined,
} as NodeJS.ProcessEnv;
const cli = (argv: string[]) => timed(process.execPath, [launcher, ...argv], env);
const fmt = (t: { seconds: number; cpu: number; peakMiB: number }) =>
  `${t.seconds.toFixed(1).padStart(7)} s (CPU ${t.cpu.toFixed(0)} s)   peak RSS ${t.peakMiB.toFixed(0).padStart(6)} MiB`;
try {
  configureOpenBlas();
  console.log(
    `ridge-cv at NSD scale: ${n} + ${m} images x ${p} voxels -> ${D} features (simulated data; ${runs === 1 ? "one run per side" : `${runs} alternating runs per side`}, machine shared: indicative)`,
  );
  console.log(
    `OpenBLAS kernels for both sides: OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? "(library default)"}`,
  );
  timed(process.execPath, [
    "--conditions=nt-source",
    "--import",
    "tsx/esm",
    join(import.meta.dirname, "ridge-nsd-data.ts"),
    dir,
    String(n),
    String(m),
    String(p),
    String(D),
  ]);
  cli(["dataset", "list", "--json"]); // creates the store and starts its server (not timed)
  console.log(
    `  dataset import (float32 npz, ${(((n + m) * p * 4) / 2 ** 20).toFixed(0)} MiB of responses)  ${fmt(cli(["dataset", "import", join(dir, "nsd.npz"), "--name", "nsd", "--json"]))}`,
  );
  cli([
    "features",
    "import",
    join(dir, "features.npz"),
    "--dataset",
    "nsd",
    "--name",
    "f",
    "--layers-from-keys",
    "--json",
  ]);

  // scikit-learn's grid, logspace(-2, 6, 20), as absolute alphas, so the two fits compare.
  const grid = Array.from({ length: 20 }, (_, i) => String(10 ** (-2 + (8 * i) / 19))).join(",");
  const oursRun = () =>
    cli([
      "run",
      "--dataset",
      "nsd",
      "--features",
      "f",
      "--layer",
      "late",
      "--solver",
      "ridge-cv",
      "--alphas",
      grid,
      "--json",
    ]);
  const sklearn = !args.includes("--no-sklearn");
  // Sides alternate (ours, scikit-learn, ours, ...), so a drift in the machine's speed reaches both.
  const pairs: { ours: ReturnType<typeof timed>; sk?: ReturnType<typeof timed> }[] = [];
  for (let r = 0; r < runs; r++) {
    const ours = oursRun();
    const sk = sklearn ? timed("/usr/bin/python3", ["-c", PY, dir]) : undefined;
    pairs.push(sk === undefined ? { ours } : { ours, sk });
    if (runs > 1)
      console.log(
        `  pair ${r + 1}: ours ${ours.seconds.toFixed(1)} s${sk === undefined ? "" : `, scikit-learn ${sk.seconds.toFixed(1)} s, ratio ${(ours.seconds / sk.seconds).toFixed(2)}`}`,
      );
  }
  const ours = pairs[0]!.ours;
  const run = JSON.parse(ours.stdout) as {
    runId: string;
    timings: Record<string, number>;
    engine: { plan?: Record<string, unknown> };
  };
  console.log(`  ours: neurotranslator run (ridge-cv, 1,000 permutations + bootstrap, stored)  ${fmt(ours)}`);
  console.log(
    `    stages (s): ${Object.entries(run.timings)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(", ")}`,
  );
  console.log(`    ridge-cv plan: ${JSON.stringify(run.engine.plan ?? null)}`);
  if (sklearn) {
    const sk = pairs[0]!.sk!;
    console.log(
      `  scikit-learn whole script (load, RidgeCV fit, predict)                          ${fmt(sk)}`,
    );
    console.log(
      `  ratio ours/scikit-learn ${(ours.seconds / sk.seconds).toFixed(2)} (wall), ${(ours.cpu / sk.cpu).toFixed(2)} (CPU)   peaks ${ours.peakMiB.toFixed(0)} / ${sk.peakMiB.toFixed(0)} MiB`,
    );
    if (runs > 1) {
      const wall = (side: "ours" | "sk") => median(pairs.map((p) => p[side]!.seconds));
      console.log(
        `  over ${runs} alternating pairs: median ours ${wall("ours").toFixed(1)} s, scikit-learn ${wall("sk").toFixed(1)} s, ratio of medians ${(wall("ours") / wall("sk")).toFixed(2)}, median paired ratio ${median(pairs.map((p) => p.ours.seconds / p.sk!.seconds)).toFixed(2)}, worst pair ${Math.max(...pairs.map((p) => p.ours.seconds / p.sk!.seconds)).toFixed(2)}`,
      );
    }
    cli(["runs", "export", run.runId, "--out", join(dir, "ours.npz")]);
    const mine = readNpzFile(join(dir, "ours.npz"));
    const theirs = readNpzFile(join(dir, "sk.npz"));
    const a = mine.get("predictions_test").data as Float32Array;
    const b = theirs.get("predictions").data as Float32Array;
    const perFeature = Array.from({ length: D }, (_, f) =>
      pearson(
        Array.from({ length: m }, (_, i) => a[i * D + f]!),
        Array.from({ length: m }, (_, i) => b[i * D + f]!),
      ),
    );
    const alphaOurs = mine.get("feature_alpha").data as Float64Array;
    const alphaSk = theirs.get("alphas").data as Float64Array;
    const same = alphaOurs.filter((v, f) => Math.abs(v - alphaSk[f]!) <= 1e-9 * v).length;
    console.log(
      `  same predictions? Pearson r of all ${m} x ${D}: ${pearson(a, b).toFixed(6)}; per feature: min ${Math.min(...perFeature).toFixed(6)}; identical alphas ${same}/${D}`,
    );
  }
  if (!args.includes("--no-map")) {
    const map = cli(["map", "--dataset", "nsd", "--features", "f", "--json"]);
    console.log(
      `  map: 7 areas x 7 layers, encoding + decoding (ridge-cv, 1,000 permutations per cell)  ${fmt(map)}`,
    );
  }
} finally {
  spawnSync(process.execPath, [launcher, "store", "stop"], { env });
  rmSync(dir, { recursive: true, force: true });
}
