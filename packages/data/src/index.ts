export * from "./errors.ts";
export * from "./schema/index.ts";
export * from "./store/index.ts";
