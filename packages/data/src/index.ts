export * from "./errors.ts";
export * from "./schema/index.ts";
export * from "./store/index.ts";
export * from "./importers/index.ts";
export * from "./fetch/download.ts";
export * from "./fetch/model-file.ts";
