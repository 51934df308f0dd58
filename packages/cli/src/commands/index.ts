import type { Command } from "commander";
import { registerDataset } from "./dataset/index.ts";
import { registerDemo } from "./demo.ts";
import { registerDoctor } from "./doctor.ts";
import { registerRunCommands } from "./run/index.ts";
import { registerWorker } from "./worker.ts";
import { registerFeatures } from "./features/index.ts";
import { registerServe } from "./serve.ts";
import { registerToken } from "./token.ts";
import { registerFuzz } from "./fuzz.ts";
import { registerStore } from "./store.ts";
import { registerReproduce2020 } from "./reproduce-2020.ts";

/** Each command module adds its subcommands to the program. */
export function registerCommands(program: Command): void {
  registerDataset(program);
  registerDemo(program);
  registerDoctor(program);
  registerRunCommands(program);
  registerWorker(program);
  registerFeatures(program);
  registerServe(program);
  registerToken(program);
  registerFuzz(program);
  registerStore(program);
  registerReproduce2020(program);
}
