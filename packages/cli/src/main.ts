#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { isNtError, oneLineMessage } from "@neurotranslator/data/errors";
import { registerCommands } from "./commands/index.ts";
import { configureOpenBlas } from "./env.ts";

/** Entry point: parse, run, and turn every failure into one line on stderr and a non-zero exit. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("neurotranslator")
    .description("Translate visual-cortex fMRI responses into CNN feature vectors")
    .option("--store <dir>", "embedded store directory (default .neurotranslator, or $NEUROTRANSLATOR_STORE)")
    .addOption(
      new Option(
        "--store-engine <engine>",
        "how a store directory is served: its own PostgreSQL server, or PGlite in-process (one process at a time)",
      ).choices(["auto", "postgres", "pglite"]),
    )
    .option("--verbose", "print stack traces on error")
    .version(cliVersion(), "--version", "print the version")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  await registerCommands(program, argv);
  configureOpenBlas(); // before any command loads the native engine
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const verbose = argv.includes("--verbose");
    process.stderr.write(`error: ${describe(error)}\n`);
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

/** The version in this package's package.json (src/ and dist/ both sit one level below it). */
function cliVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return `neurotranslator ${pkg.version ?? "unknown"}`;
  } catch {
    return "neurotranslator (version unknown)";
  }
}

/** One line of at most 1,000 characters, control characters escaped (messages may quote files). */
function describe(error: unknown): string {
  if (isNtError(error)) return oneLineMessage(error.message);
  if (error instanceof Error) return oneLineMessage(error.message);
  return oneLineMessage(String(error));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${oneLineMessage(String(error))}\n`);
    process.exitCode = 1;
  },
);
