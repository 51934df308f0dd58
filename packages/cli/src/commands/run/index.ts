import type { Command } from "commander";
import { registerMap } from "./map.ts";
import { registerRun } from "./run.ts";
import { registerRuns } from "./runs.ts";
import { registerSweep } from "./sweep.ts";

/** `run`, `runs`, `map` and `sweep`. */
export function registerRunCommands(program: Command): void {
  registerRun(program);
  registerRuns(program);
  registerMap(program);
  registerSweep(program);
}
