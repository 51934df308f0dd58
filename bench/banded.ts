// Banded ridge benchmark at the Kay shape (not a test):  pnpm bench banded [--quick] [--runs 2]
// 3 bands (early/mid/late) x 256 features, Y: [1750, 8428] train responses, 120 test images;
// 20 band-weight samples (equal weights, then Dirichlet with concentrations 0.1, 1 alternating)
// x 20 alphas, chosen per voxel by GCV, then test predictions. Ours (bench/banded-run.ts) against
// the same search done the direct way in NumPy (bench/banded_numpy.py: n x n kernel per band, one
// n x n eigendecomposition per sample), each a fresh process on the same files, alternating run by
// run; prints every run's time, the ratio of the medians, and how often both chose the same
// (sample, alpha) for a voxel and the largest difference of their test predictions.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Prng, bandWeightSamples, logspace, selectLinalgBackend } from "@neurotranslator/core";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const runs = args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 2;
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive integer, got ${args[args.indexOf("--runs") + 1]}`);
const [n, m, p, d, nb, nS] = quick ? [400, 40, 1000, 64, 3, 20] : [1750, 120, 8428, 256, 3, 20];

const dir = mkdtempSync(join(tmpdir(), "nt-banded-bench-"));
try {
  writeData();
  const sides = [
    {
      name: "ours",
      cmd: process.execPath,
      argv: ["--conditions=nt-source", "--import", "tsx/esm", "banded-run.ts"],
      times: [] as number[],
      info: {} as Record<string, unknown>,
    },
    {
      name: "numpy",
      cmd: "/usr/bin/python3",
      argv: ["banded_numpy.py"],
      times: [] as number[],
      info: {} as Record<string, unknown>,
    },
  ];
  for (let r = 0; r < runs; r++) {
    for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
      const out = spawnSync(side.cmd, [...side.argv, dir, ...[n, m, p, d, nb].map(String)], {
        encoding: "utf8",
        cwd: import.meta.dirname,
      });
      if (out.status !== 0)
        throw new Error(
          `${side.name} failed: ${(out.stderr || String(out.error)).split("\n").find((l) => /Error/.test(l)) ?? out.stderr}`,
        );
      side.info = JSON.parse(out.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
      side.times.push(side.info["seconds"] as number);
      console.log(`run ${r + 1} ${side.name}: ${(side.info["seconds"] as number).toFixed(2)} s`);
    }
  }
  const [ours, numpy] = sides as [(typeof sides)[0], (typeof sides)[0]];
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;
  const predA = new Float32Array(bytes(join(dir, "ours-pred.bin")));
  const predB = new Float32Array(bytes(join(dir, "numpy-pred.bin")));
  const chA = new Int32Array(bytes(join(dir, "ours-choice.bin")));
  const chB = new Int32Array(bytes(join(dir, "numpy-choice.bin")));
  let same = 0;
  for (let v = 0; v < p; v++) if (chA[2 * v] === chB[2 * v] && chA[2 * v + 1] === chB[2 * v + 1]) same++;
  let maxDiff = 0;
  let maxAbs = 0;
  for (let i = 0; i < predA.length; i++)
    if (chA[2 * (i % p)] === chB[2 * (i % p)] && chA[2 * (i % p) + 1] === chB[2 * (i % p) + 1])
      [maxDiff, maxAbs] = [
        Math.max(maxDiff, Math.abs(predA[i]! - predB[i]!)),
        Math.max(maxAbs, Math.abs(predB[i]!)),
      ];
  console.log(
    `banded ridge, ${nb} bands x ${d} features, X ${n} x ${nb * d}, Y ${n} x ${p}, ${nS} band-weight samples x 20 alphas (GCV, per voxel), ${m} test images`,
  );
  console.log(
    `ours  (${String(ours.info["engine"])}, ${String(ours.info["path"])} path): median ${med(ours.times).toFixed(2)} s of [${ours.times.map((t) => t.toFixed(2)).join(", ")}], peak RSS ${Number(ours.info["peakMiB"]).toFixed(0)} MiB`,
  );
  console.log(
    `numpy (${String(numpy.info["numpy"])}, n x n kernels): median ${med(numpy.times).toFixed(2)} s of [${numpy.times.map((t) => t.toFixed(2)).join(", ")}], peak RSS ${Number(numpy.info["peakMiB"]).toFixed(0)} MiB`,
  );
  console.log(
    `ratio ours / numpy: ${(med(ours.times) / med(numpy.times)).toFixed(3)} (target <= 0.5; and ours < 30 s)`,
  );
  console.log(
    `same (sample, alpha) chosen for ${same} of ${p} voxels; where the same, largest prediction difference ${maxDiff.toExponential(2)} (largest |prediction| ${maxAbs.toFixed(2)})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Bands sharing a common component (correlated like neighbouring layers), voxels mixing them with random weights, noise. */
function writeData(): void {
  const rng = new Prng(11);
  const total = n + m;
  const common = Float32Array.from({ length: total * d }, () => rng.normal());
  const xs = Array.from({ length: nb }, () =>
    Float32Array.from({ length: total * d }, (_, k) => 0.6 * common[k]! + 0.8 * rng.normal()),
  );
  xs.forEach((x, b) => {
    writeFileSync(join(dir, `x${b}.bin`), x.subarray(0, n * d));
    writeFileSync(join(dir, `xt${b}.bin`), x.subarray(n * d));
  });
  // Y = Σ_b X_b B_b + noise, B_b columns scaled by the voxel's weight on band b.
  const backend = selectLinalgBackend();
  const y = new Float32Array(n * p);
  for (let b = 0; b < nb; b++) {
    const beta = Float32Array.from({ length: d * p }, () => rng.normal() / Math.sqrt(d));
    const weights = Float32Array.from({ length: p }, () => rng.nextFloat());
    for (let k = 0; k < d; k++) for (let v = 0; v < p; v++) beta[k * p + v]! *= weights[v]!;
    const part = backend.matmul32(
      { rows: n, cols: d, data: xs[b]!.subarray(0, n * d) },
      { rows: d, cols: p, data: beta },
    ).data;
    for (let i = 0; i < n * p; i++) y[i]! += part[i]!;
  }
  for (let i = 0; i < n * p; i++) y[i]! += 1.2 * rng.normal();
  writeFileSync(join(dir, "y.bin"), y);
  writeFileSync(join(dir, "gammas.bin"), bandWeightSamples(nb, nS, 3));
  // The relative default grid times the equal-weight kernel's mean non-zero eigenvalue (trace n over rank nb * d).
  writeFileSync(
    join(dir, "alphas.bin"),
    Float64Array.from(logspace(-3, 5, 20), (a) => (a * n) / Math.min(n - 1, nb * d)),
  );
}

/** A file's bytes as their own ArrayBuffer (a small read may sit in a shared pool). */
function bytes(path: string): ArrayBuffer {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}
