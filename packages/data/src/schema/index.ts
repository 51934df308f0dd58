export * from "./ndarray.ts";
