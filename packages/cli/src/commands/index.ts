import type { Command } from "commander";

/** Each command module adds its subcommands to the program. */
export function registerCommands(_program: Command): void {}
