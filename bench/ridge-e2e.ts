// `pnpm bench ridge --end-to-end [--d 256] [--runs 3] [--cli-args "..."]`: the whole `run` as a user
// times it against scikit-learn's whole script, on the same Kay-sized data (not a test).
// Setup (untimed): bench/ridge-e2e-data.ts writes a Kay-layout kay.npz (~371 MB) and features.npz
// (layer "late", D features); the store (a fresh directory on its embedded PostgreSQL server, the
// default) gets them by `dataset import` (timed and printed: the import figure) and `features import`.
// Timed, alternating ABBA in fresh processes, wall clock of the whole process:
//   ours: neurotranslator run --dataset kay --features f --layer late --solver ridge-cv --json
//         (defaults: 1,000 permutations and 1,000 bootstrap resamples, stored)
//   scikit-learn: python3 loads kay.npz and features.npz, RidgeCV(20 alphas 1e-2..1e6,
//         alpha_per_target=True).fit(responses, features), predict(responses_test)
// Prints both medians, the ratio of medians and the median of paired ratios, and our stage timings.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { configureOpenBlas } from "../packages/cli/src/env.ts";
import { median } from "../packages/core/src/metrics/stats.ts";

const args = process.argv.slice(2);
const value = (name: string, fallback: string) =>
  args.includes(name) ? (args[args.indexOf(name) + 1] ?? fallback) : fallback;
const D = Number(value("--d", "256"));
const runs = Number(value("--runs", "3"));
const extra = value("--cli-args", "").split(" ").filter(Boolean);
const launcher = resolve(import.meta.dirname, "../packages/cli/bin/neurotranslator.js");

const PY = `
import sys
import numpy as np
from sklearn.linear_model import RidgeCV
d = sys.argv[1]
kay = np.load(d + "/kay.npz")
feats = np.load(d + "/features.npz")
X, Xt = kay["responses"].astype(np.float32), kay["responses_test"].astype(np.float32)
Y = feats["late_train"]
est = RidgeCV(alphas=np.logspace(-2, 6, 20), alpha_per_target=True).fit(X, Y)
pred = est.predict(Xt)
print(pred.shape)
`;

/** Runs a command to completion; returns its wall seconds and stdout (throws with stderr on failure). */
function timed(
  cmd: string,
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): { seconds: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: "utf8", env, maxBuffer: 64 * 2 ** 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${argv.slice(0, 4).join(" ")} failed: ${(r.stderr || String(r.error)).trim().split("\n").pop()}`,
    );
  return { seconds, stdout: r.stdout };
}

const dir = mkdtempSync(join(tmpdir(), "nt-ridge-e2e-"));
chmodSync(dir, 0o755); // under root the store's server runs as another account
const store = join(dir, "store");
const env = { ...process.env, NEUROTRANSLATOR_STORE: store, DATABASE_URL: undefined } as NodeJS.ProcessEnv;
const cli = (argv: string[]) => timed(process.execPath, [launcher, ...argv], env);
try {
  configureOpenBlas();
  console.log(
    `run end to end vs scikit-learn's whole script; Kay shape, D = ${D}; ${runs} run(s) per side, alternating`,
  );
  timed(process.execPath, [
    "--conditions=nt-source",
    "--import",
    "tsx/esm",
    join(import.meta.dirname, "ridge-e2e-data.ts"),
    dir,
    String(D),
  ]);
  cli(["store", "status"]); // no server yet: nothing started
  const started = cli(["dataset", "list", "--json"]);
  console.log(
    `  store: first command on a new store (initdb + start of its server): ${started.seconds.toFixed(2)} s`,
  );
  const imported = cli(["dataset", "import", join(dir, "kay.npz"), "--name", "kay", "--json"]);
  console.log(
    `  dataset import of the Kay-sized kay.npz (371 MB, float64): ${imported.seconds.toFixed(2)} s end to end`,
  );
  cli([
    "features",
    "import",
    join(dir, "features.npz"),
    "--dataset",
    "kay",
    "--name",
    "f",
    "--layers-from-keys",
    "--json",
  ]);
  const ours: number[] = [];
  const sk: number[] = [];
  let stages: Record<string, number> = {};
  for (let r = 0; r < runs; r++) {
    for (const side of r % 2 === 0 ? ["ours", "sk"] : ["sk", "ours"]) {
      if (side === "sk") sk.push(timed("/usr/bin/python3", ["-c", PY, dir]).seconds);
      else {
        const out = cli([
          "run",
          "--dataset",
          "kay",
          "--features",
          "f",
          "--layer",
          "late",
          "--solver",
          "ridge-cv",
          ...extra,
          "--json",
        ]);
        ours.push(out.seconds);
        stages = (JSON.parse(out.stdout) as { timings: Record<string, number> }).timings;
      }
    }
  }
  const each = (xs: number[]) => xs.map((t) => t.toFixed(2)).join(", ");
  console.log(
    `  ours (neurotranslator run ${extra.join(" ")})  ${median(ours).toFixed(2)} s   runs ${each(ours)}`,
  );
  console.log(`  scikit-learn script                ${median(sk).toFixed(2)} s   runs ${each(sk)}`);
  const paired = median(ours.map((t, i) => t / sk[i]!));
  console.log(
    `  ratio ours/sklearn ${(median(ours) / median(sk)).toFixed(2)} (medians), ${paired.toFixed(2)} (median of paired runs)`,
  );
  console.log(
    `  our stages (last run, s): ${Object.entries(stages)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(", ")}`,
  );
} finally {
  spawnSync(process.execPath, [launcher, "store", "stop"], { env });
  rmSync(dir, { recursive: true, force: true });
}
