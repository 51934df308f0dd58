export * from "@neurotranslator/schema";
export * from "./validate.ts";
export * from "./hash.ts";
export * from "./kay-npz.ts";
export * from "./vim1.ts";
export * from "./save.ts";
export * from "./kay-fetch.ts";
