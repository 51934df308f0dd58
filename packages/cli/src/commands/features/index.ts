import type { Command } from "commander";
import { registerExtract } from "./extract.ts";
import { registerFeatureImport } from "./import.ts";
import { registerFeatureManage } from "./manage.ts";
import { registerFeatureLayers } from "./layers.ts";

export function registerFeatures(program: Command): void {
  const features = program
    .command("features")
    .description("extract, import, list, show, export and remove CNN feature sets");
  registerExtract(features);
  registerFeatureImport(features);
  registerFeatureManage(features);
  registerFeatureLayers(features);
}
