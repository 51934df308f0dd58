// One timed run of our banded ridge (bench/banded.ts starts it in a fresh process):
//   node ... banded-run.ts DIR n m p d nBands
// reads DIR/x{b}.bin [n, d], DIR/xt{b}.bin [m, d], DIR/y.bin [n, p], DIR/gammas.bin [nS, nBands],
// DIR/alphas.bin; times factoring the bands, the search and the refit with test predictions;
// writes DIR/ours-pred.bin, DIR/ours-choice.bin (per voxel: sample index, alpha index) and prints one JSON line.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  bandedSystem,
  bandedTargets,
  factorBand,
  fitBandedRidge,
  selectLinalgBackend,
} from "@neurotranslator/core";

const [dir, ...dims] = process.argv.slice(2);
const [n, m, p, d, nb] = dims.map(Number) as [number, number, number, number, number];
const f32 = (name: string) => new Float32Array(bytes(join(dir!, name)));
const f64 = (name: string) => new Float64Array(bytes(join(dir!, name)));
const backend = selectLinalgBackend({ prefer: "native" });
const bands = Array.from({ length: nb }, (_, b) => ({
  train: { rows: n, cols: d, data: f32(`x${b}.bin`) },
  test: { rows: m, cols: d, data: f32(`xt${b}.bin`) },
}));
const y = { rows: n, cols: p, data: f32("y.bin") };
const gammas = f64("gammas.bin");
const alphas = Array.from(f64("alphas.bin"));

const t0 = performance.now();
const factors = bands.map((b, k) => factorBand(`band${k}`, b.train, b.test, backend));
const system = bandedSystem(factors, bandedTargets(y), backend);
const fit = fitBandedRidge(system, { candidates: gammas, alphas }, backend);
const seconds = (performance.now() - t0) / 1000;

const choice = new Int32Array(2 * p);
for (let v = 0; v < p; v++) {
  const w = fit.weights.subarray(v * nb, (v + 1) * nb);
  let s = 0;
  while (s < gammas.length / nb && gammas.subarray(s * nb, (s + 1) * nb).some((g, k) => g !== w[k])) s++;
  choice[2 * v] = s;
  choice[2 * v + 1] = alphas.indexOf(fit.alphas[v]!);
}
writeFileSync(join(dir!, "ours-pred.bin"), fit.pred.data);
writeFileSync(join(dir!, "ours-choice.bin"), choice);
console.log(
  JSON.stringify({
    seconds,
    engine: backend.description,
    path: fit.path,
    peakMiB: process.resourceUsage().maxRSS / 1024,
  }),
);

/** A file's bytes as their own ArrayBuffer (a small read may sit in a shared pool). */
function bytes(path: string): ArrayBuffer {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}
