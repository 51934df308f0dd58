import type { Command } from "commander";
import { registerDataset } from "./dataset/index.ts";
import { registerDoctor } from "./doctor.ts";

/** Each command module adds its subcommands to the program. */
export function registerCommands(program: Command): void {
  registerDataset(program);
  registerDoctor(program);
}
