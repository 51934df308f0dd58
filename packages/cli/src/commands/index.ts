import type { Command } from "commander";

type Register = (program: Command) => void;

// Each top-level command's module, loaded only when needed: a command imports its own
// dependencies (the numeric core, TF.js, the API server) and nothing of the others.
const runGroup = async (): Promise<Register> => (await import("./run/index.ts")).registerRunCommands;
const MODULES: Record<string, () => Promise<Register>> = {
  dataset: async () => (await import("./dataset/index.ts")).registerDataset,
  demo: async () => (await import("./demo.ts")).registerDemo,
  doctor: async () => (await import("./doctor.ts")).registerDoctor,
  run: runGroup,
  runs: runGroup,
  map: runGroup,
  sweep: runGroup,
  worker: async () => (await import("./worker.ts")).registerWorker,
  features: async () => (await import("./features/index.ts")).registerFeatures,
  serve: async () => (await import("./serve.ts")).registerServe,
  token: async () => (await import("./token.ts")).registerToken,
  store: async () => (await import("./store.ts")).registerStore,
  "reproduce-2020": async () => (await import("./reproduce-2020.ts")).registerReproduce2020,
};

/** Program options that take a value: their value is not the command's name. */
const VALUE_OPTIONS = new Set(["--store", "--store-engine"]);

/** The command named on the command line (the first word that is not a program option or its value). */
export function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/**
 * Adds the named command to the program, or every command when none is named or the name is
 * unknown (help and commander's "unknown command" suggestions then see them all).
 */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const name = commandName(argv);
  const loaders =
    name !== undefined && name in MODULES ? [MODULES[name]!] : [...new Set(Object.values(MODULES))];
  for (const register of await Promise.all(loaders.map((load) => load()))) register(program);
}
