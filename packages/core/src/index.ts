// The numeric core's public surface: engines, solvers, metrics, CNN features, the simulator.
export * from "./linalg/index.ts";
export * from "./engine/index.ts";
export * from "./random/index.ts";
export * from "./solvers/index.ts";
export * from "./metrics/index.ts";
export * from "./models/index.ts";
export * from "./features/index.ts";
export * from "./simulator/index.ts";
export * from "./pipeline/index.ts";
export * from "./compare/index.ts";
