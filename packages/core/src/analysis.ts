// The analysis surface without the CNN side: engines, solvers, metrics, the pipeline and run
// comparison. It loads no TF.js or onnxruntime (analysis.test.ts checks), so `run`, `map` and
// `compare` start without paying for them.
export * from "./linalg/index.ts";
export * from "./random/index.ts";
export * from "./solvers/index.ts";
export * from "./metrics/index.ts";
export * from "./pipeline/index.ts";
export * from "./compare/index.ts";
