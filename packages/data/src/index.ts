export * from "@neurotranslator/schema";
export * from "./store/index.ts";
export * from "./importers/index.ts";
export * from "./fetch/download.ts";
export * from "./fetch/model-file.ts";
export * from "./fetch/download-model.ts";
