export * from "./npy/index.ts";
export * from "./npz/index.ts";
export * from "./mat/index.ts";
export * from "./image/index.ts";
export * from "./ndarray-convert.ts";
