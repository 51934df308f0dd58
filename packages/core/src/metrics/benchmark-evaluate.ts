/**
 * Timing of evaluatePredictions at the Kay test-set size (120 images x 4096 features) on synthetic
 * predictions (truth + noise): 1000 permutations alone, then with 1000 bootstrap resamples, with
 * the plain JS loops and with each available linear-algebra backend. Prints wall and CPU time
 * (CPU time is the fairer figure on a shared machine).
 * Run: cd packages/core && npx tsx src/metrics/benchmark-evaluate.ts [n] [D]
 */
import type { LinalgBackend } from "../linalg/backend.ts";
import { availableLinalgBackends } from "../linalg/select.ts";
import { Prng } from "../random/prng.ts";
import { evaluatePredictions } from "./evaluate.ts";

const n = Number(process.argv[2] ?? 120);
const D = Number(process.argv[3] ?? 4096);
const rng = new Prng(1);
const truth = {
  rows: n,
  cols: D,
  data: Float32Array.from({ length: n * D }, () => Math.max(0, rng.normal())),
};
const pred = {
  rows: n,
  cols: D,
  data: Float32Array.from(truth.data, (t) => t + 2 * rng.normal()),
};
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function run(label: string, nBootstrap: number, backend: LinalgBackend | undefined): void {
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  const { metrics: m } = evaluatePredictions(pred, truth, {
    nPermutations: 1000,
    nBootstrap,
    seed: 0,
    backend,
  });
  const wall = performance.now() - wall0;
  const cpu = cpuMs() - cpu0;
  console.log(
    `${label.padEnd(16)} n=${n} D=${D} perm=1000 boot=${String(nBootstrap).padEnd(4)}: wall ${wall.toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms` +
      ` | sampleR ${m.sampleR.value.toFixed(3)} [${m.sampleR.ci95?.map((v) => v.toFixed(3)).join(", ") ?? "-"}] p=${m.sampleR.p?.toFixed(4)}` +
      ` featureR ${m.featureR.value.toFixed(3)} ident ${m.identification.value.toFixed(3)}`,
  );
}

const engines: [string, LinalgBackend | undefined][] = [
  ["plain JS loops", undefined],
  ...availableLinalgBackends()
    .filter((b) => b.name !== "js")
    .map((b): [string, LinalgBackend] => [b.name, b]),
];
run("warm-up", 0, undefined);
for (const [label, backend] of engines) {
  run(label, 0, backend);
  run(label, 1000, backend);
}
