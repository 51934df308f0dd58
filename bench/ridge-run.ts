// One ridge-cv fit + predict in a fresh process, for bench/ridge.ts (not run directly).
// Args: dir n m p D backend("native"|"js") precision("mixed"|"float64"). Reads x.bin, y.bin, xt.bin
// (float32) from dir, writes <prefix>-alphas.bin and <prefix>-pred.bin there (prefix "ours" for the
// default mixed precision, "ours64" for float64), prints {"seconds", "peakMiB", "rechecked", "engine"}.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { selectLinalgBackend } from "../packages/core/src/linalg/select.ts";
import { createSolver, diagnosticsOf, SKLEARN_ALPHAS } from "../packages/core/src/solvers/index.ts";

const [dir, ...rest] = process.argv.slice(2);
const [n, m, p, d] = rest.slice(0, 4).map(Number) as [number, number, number, number];
const backend = selectLinalgBackend({ prefer: rest[4] === "js" ? "js" : "auto" });
const precision = rest[5] === "float64" ? "float64" : "mixed";
const prefix = precision === "float64" ? "ours64" : "ours";
const read = (file: string) => {
  const b = readFileSync(join(dir!, file));
  return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
};
const x = { rows: n, cols: p, data: read("x.bin") };
const y = { rows: n, cols: d, data: read("y.bin") };
const xt = { rows: m, cols: p, data: read("xt.bin") };

const t0 = performance.now();
// scikit-learn's absolute grid (the default grid is relative to the data), so the alphas compare.
const est = createSolver("ridge-cv", { alphas: SKLEARN_ALPHAS, precision }, { backend });
const diag = diagnosticsOf(est.fit(x, y), "ridge-cv");
const pred = est.predict(xt);
const seconds = (performance.now() - t0) / 1000;

writeFileSync(join(dir!, `${prefix}-alphas.bin`), Float64Array.from(diag.alphas));
writeFileSync(join(dir!, `${prefix}-pred.bin`), pred.data);
console.log(
  JSON.stringify({
    seconds,
    peakMiB: process.resourceUsage().maxRSS / 1024,
    rechecked: diag.rechecked,
    engine: backend.description,
  }),
);
