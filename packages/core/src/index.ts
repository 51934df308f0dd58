// The numeric core's public surface: the analysis side (analysis.ts) plus the CNN side: engines,
// models, CNN features and the simulator.
export * from "./analysis.ts";
export * from "./engine/index.ts";
export * from "./models/index.ts";
export * from "./features/index.ts";
export * from "./simulator/index.ts";
