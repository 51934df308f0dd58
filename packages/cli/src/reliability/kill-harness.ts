import { makeRandom } from "@neurotranslator/data/testing";
import { killCli, spawnCli, waitForGroupExit } from "./spawn-cli.ts";

/**
 * What a store holds of one command's result after the command was interrupted. "partial" is only for
 * resumable commands (sweeps): some whole units (grid points) are stored, none half.
 */
export type StoredState = "complete" | "absent" | "partial";

/**
 * A command to interrupt and how to judge the store afterwards. Adding a command to the crash tests is
 * one scenario: its arguments, and a verifier that says "complete" or "absent" and throws on anything
 * in between (a partial result, unreadable arrays, a wrong hash, a broken store).
 */
export interface KillScenario {
  name: string;
  args: string[];
  env: Record<string, string | undefined>;
  verify(): Promise<StoredState>;
  /**
   * Removes a complete result so the next point interrupts a fresh run. Called only on "complete": a
   * resumable command's partial state is kept, so the next run resumes it.
   */
  reset?(): Promise<void>;
}

export interface KillPoint {
  delayMs: number;
  /** "killed": SIGKILL arrived before the command ended; "finished": it completed first. */
  outcome: "killed" | "finished";
  state: StoredState;
}

export interface KillReport {
  scenario: string;
  /** Wall time of an uninterrupted run (the calibration run), ms. */
  typicalMs: number;
  points: KillPoint[];
  /** After the last kill, the command rerun to completion: its exit code and the state it left. */
  rerun: { code: number; state: StoredState };
}

export interface KillOptions {
  points: number;
  seed: number;
  /** Earliest kill, ms after spawn (e.g. the CLI's start-up, before which nothing can be written). */
  earliestMs?: number;
}

/**
 * Runs the scenario once to completion (calibration: typical time, and the complete state verifies),
 * then `points` times SIGKILLs it after a random delay in [earliestMs, typical], verifying the store each
 * time; finally reruns it to completion. Throws (with the point) when a verifier or a rerun fails.
 */
export async function killAtRandomPoints(scenario: KillScenario, options: KillOptions): Promise<KillReport> {
  const rand = makeRandom(options.seed);
  const started = performance.now();
  const calibration = await spawnCli(scenario.args, scenario.env).done;
  const typicalMs = performance.now() - started;
  if (calibration.code !== 0)
    throw new Error(
      `${scenario.name}: the uninterrupted run failed (exit ${calibration.code}): ${calibration.stderr}`,
    );
  if ((await scenario.verify()) !== "complete")
    throw new Error(`${scenario.name}: the uninterrupted run did not leave a complete result`);
  await resetToAbsent(scenario, "after the uninterrupted run");
  let earliest = Math.min(options.earliestMs ?? 0, typicalMs * 0.9);
  const points: KillPoint[] = [];
  let typical = typicalMs;
  // A run that ends before its kill (machine load varies; the first run may include one-time set-up,
  // such as the embedded server's initdb) is recorded but not counted: draw again, with the window
  // shrunk to the fastest complete run seen (its start too, to 80% of it), until `points` kills landed.
  for (let i = 0, kills = 0; kills < options.points; i++) {
    if (i >= options.points * 3)
      throw new Error(`${scenario.name}: only ${kills} of ${i} runs were killed before they ended`);
    const delayMs = earliest + rand() * (typical - earliest);
    const spawned = performance.now();
    const running = spawnCli(scenario.args, scenario.env);
    const timer = setTimeout(() => killCli(running), delayMs);
    const result = await running.done;
    clearTimeout(timer);
    if (!(await waitForGroupExit(running)))
      throw new Error(`${scenario.name}, point ${i}: processes of the killed command still run 10 s later`);
    const outcome = result.signal === "SIGKILL" ? "killed" : "finished";
    if (outcome === "finished" && result.code !== 0)
      throw new Error(
        `${scenario.name}, point ${i}: the run failed on its own (exit ${result.code}): ${result.stderr}`,
      );
    if (outcome === "killed") kills++;
    else {
      typical = Math.min(typical, performance.now() - spawned);
      earliest = Math.min(earliest, typical * 0.8);
    }
    let state: StoredState;
    try {
      state = await scenario.verify();
    } catch (error) {
      throw new Error(
        `${scenario.name}, point ${i} (SIGKILL after ${delayMs.toFixed(0)} ms): ${(error as Error).message}`,
        { cause: error },
      );
    }
    points.push({ delayMs, outcome, state });
    if (state === "complete") await resetToAbsent(scenario, `after point ${i}`);
  }
  const rerun = await spawnCli(scenario.args, scenario.env).done;
  if (rerun.code !== 0)
    throw new Error(
      `${scenario.name}: the rerun after the kills failed (exit ${rerun.code}): ${rerun.stderr}`,
    );
  return {
    scenario: scenario.name,
    typicalMs,
    points,
    rerun: { code: rerun.code, state: await scenario.verify() },
  };
}

async function resetToAbsent(scenario: KillScenario, when: string): Promise<void> {
  if (!scenario.reset) return;
  await scenario.reset();
  if ((await scenario.verify()) !== "absent")
    throw new Error(`${scenario.name}: reset ${when} left a result behind`);
}
