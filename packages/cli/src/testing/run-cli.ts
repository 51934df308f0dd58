import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export { tempDir } from "@neurotranslator/data/testing";

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// The launcher users run: compiled dist/ when fresh, the TypeScript sources otherwise.
const launcher = join(cliRoot, "bin/neurotranslator.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process (as users do), with a private store unless env says otherwise. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = cliRoot,
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [launcher, ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: undefined, ...env } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** Parses stdout as exactly one JSON document (fails the test otherwise). */
export function parseJson<T = Record<string, unknown>>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`CLI exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
