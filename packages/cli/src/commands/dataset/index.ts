import type { Command } from "commander";
import { registerFetch } from "./fetch.ts";
import { registerImport } from "./import.ts";
import { registerManage } from "./manage.ts";
import { registerSimulate } from "./simulate.ts";

export function registerDataset(program: Command): void {
  const dataset = program
    .command("dataset")
    .description("import, fetch, list, show, export and remove datasets");
  registerImport(dataset);
  registerFetch(dataset);
  registerManage(dataset);
  registerSimulate(dataset);
}
