import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliResult } from "../testing/run-cli.ts";

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const launcher = join(cliRoot, "bin/neurotranslator.js");

/** A running CLI process (the launcher users run) with a handle to kill it. */
export interface RunningCli {
  child: ChildProcess;
  /** Resolves when the process has exited, with its code (-1 when killed by a signal) and output. */
  done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

/** Sends `signal` to the CLI's whole process group (the launcher and the node process it started). */
export function killCli(running: RunningCli, signal: NodeJS.Signals = "SIGKILL"): void {
  if (running.child.pid === undefined || running.child.exitCode !== null) return;
  try {
    process.kill(-running.child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/**
 * Waits until no process of the CLI's group is left (the launcher's 'close' can come before its child
 * has died), so a verifier never meets a store still held by a dying process. False after `timeoutMs`.
 */
export async function waitForGroupExit(running: RunningCli, timeoutMs = 10_000): Promise<boolean> {
  const pid = running.child.pid;
  if (pid === undefined) return true;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return true; // ESRCH: the group is empty
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Starts the real CLI like runCli does, but returns at once so a test can kill it mid-run. */
export function spawnCli(args: string[], env: Record<string, string | undefined>): RunningCli {
  const child = spawn(process.execPath, [launcher, ...args], {
    cwd: cliRoot,
    env: { ...process.env, DATABASE_URL: undefined, ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: the launcher runs the sources in a child process, and a kill must reach both.
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolvePromise({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done };
}
