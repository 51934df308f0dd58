export * from "./ndarray.ts";
export * from "./common.ts";
export * from "./dataset.ts";
export * from "./feature-set.ts";
export * from "./metrics.ts";
export * from "./run.ts";
export * from "./token.ts";
export * from "./dataset-bundle.ts";
