import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runNode, type ProcessResult } from "@neurotranslator/data/testing";

export { tempDir } from "@neurotranslator/data/testing";

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// The launcher users run: the bundle or compiled dist/ when fresh, the TypeScript sources otherwise.
const launcher = join(cliRoot, "bin/neurotranslator.js");

export type CliResult = ProcessResult;

/** Runs the real CLI in a child process (as users do), with a private store unless env says otherwise. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = cliRoot,
): Promise<CliResult> {
  return runNode([launcher, ...args], {
    cwd,
    env: { ...process.env, DATABASE_URL: undefined, ...env } as NodeJS.ProcessEnv,
  });
}

/** Parses stdout as exactly one JSON document (fails the test otherwise). */
export function parseJson<T = Record<string, unknown>>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`CLI exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
