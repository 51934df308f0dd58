import { NtError } from "@neurotranslator/data/errors";
import type { ProgressCallback } from "@neurotranslator/schema";
import { apiBodyTarget } from "./api-body-target.ts";
import { hdf5ExternalTarget } from "./hdf5-external-target.ts";
import { npzMembersTarget } from "./npz-members-target.ts";
import { imageTarget } from "./image-target.ts";
import { matTarget } from "./mat-target.ts";
import { modelJsonTarget } from "./model-json-target.ts";
import { numpyTarget } from "./numpy-target.ts";
import { sweepConfigTarget } from "./sweep-config-target.ts";
import { FUZZ_TARGETS, type BlockReport, type FuzzTarget, type FuzzTargetName } from "./target.ts";

export interface FuzzRunOptions {
  /** Total cases, split evenly over the targets that run. */
  cases: number;
  seed: number;
  targets: readonly FuzzTargetName[];
  /** A case slower than this is a finding (a hang, or quadratic work on a small input). Default 2000 ms. */
  caseTimeLimitMs?: number;
  /** Rerun only this case index (of the single target given): reproduces a finding. */
  onlyCase?: number;
  /** Cases done of all; the stage is the target under way. */
  onProgress?: ProgressCallback;
}

/** A broken contract, with what reruns it. */
export interface FuzzFinding {
  target: FuzzTargetName;
  seed: number;
  case: number;
  mutations: string[];
  error: string;
  reproduce: string;
}

export interface TargetSummary {
  target: FuzzTargetName;
  cases: number;
  typedErrors: number;
  accepted: number;
  codes: Record<string, number>;
  maxMs: number;
  findings: number;
  /** Why the target did not run (its reader does not exist yet). */
  skipped?: string;
}

export interface FuzzSummary {
  seed: number;
  cases: number;
  typedErrors: number;
  accepted: number;
  maxMs: number;
  caseTimeLimitMs: number;
  seconds: number;
  targets: TargetSummary[];
  findingCount: number;
  /** The first finding of each distinct (target, error) pair, at most 50. */
  findings: FuzzFinding[];
}

/** Why a target cannot run in this checkout; undefined when it can (all run now: kept for readers still to come). */
export const SKIPPED_TARGETS: Partial<Record<FuzzTargetName, string>> = {};

async function createTarget(name: FuzzTargetName): Promise<FuzzTarget> {
  switch (name) {
    case "npy":
    case "npz":
      return numpyTarget(name);
    case "mat":
      return matTarget();
    case "image":
      return imageTarget();
    case "model-json":
      return modelJsonTarget();
    case "sweep-config":
      return sweepConfigTarget();
    case "api-body":
      return apiBodyTarget();
    case "hdf5-external":
      return hdf5ExternalTarget();
    case "npz-members":
      return npzMembersTarget();
    default:
      throw new NtError("INTERNAL", `fuzz: no reader for target ${name}`);
  }
}

/** Checks the options before any case runs. */
export function validateFuzzOptions(options: FuzzRunOptions): void {
  const { cases, seed, targets, onlyCase } = options;
  if (!Number.isInteger(cases) || cases < 1 || cases > 100_000_000)
    throw new NtError("BAD_INPUT", `fuzz: --cases must be an integer from 1 to 100000000, got ${cases}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new NtError("BAD_INPUT", `fuzz: --seed must be an integer from 0 to 4294967295, got ${seed}`);
  const unknown = targets.filter((t) => !FUZZ_TARGETS.includes(t));
  if (unknown.length > 0 || targets.length === 0)
    throw new NtError(
      "BAD_INPUT",
      `fuzz: unknown target(s) ${unknown.join(", ") || "(none)"}; choose from ${FUZZ_TARGETS.join(", ")} or all`,
    );
  if (onlyCase !== undefined) {
    if (!Number.isInteger(onlyCase) || onlyCase < 0)
      throw new NtError("BAD_INPUT", `fuzz: --case must be a non-negative integer, got ${onlyCase}`);
    if (targets.length !== 1)
      throw new NtError(
        "BAD_INPUT",
        `fuzz: --case reruns one case of one target; give --target (got ${targets.join(", ")})`,
      );
  }
}

/**
 * Runs the fuzz targets: every case must end in acceptance (within the readers' limits) or an NtError,
 * within the time limit. Anything else is a finding with the seed and case index that reproduce it.
 */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzSummary> {
  validateFuzzOptions(options);
  const limitMs = options.caseTimeLimitMs ?? 2000;
  const started = performance.now();
  const runnable = options.targets.filter((t) => SKIPPED_TARGETS[t] === undefined);
  const summary: FuzzSummary = {
    seed: options.seed,
    cases: 0,
    typedErrors: 0,
    accepted: 0,
    maxMs: 0,
    caseTimeLimitMs: limitMs,
    seconds: 0,
    targets: [],
    findingCount: 0,
    findings: [],
  };
  const seen = new Set<string>();
  let done = 0;
  const total = options.onlyCase !== undefined ? 1 : options.cases;
  for (const name of options.targets) {
    const skipped = SKIPPED_TARGETS[name];
    const share =
      options.onlyCase !== undefined
        ? 1
        : runnable.includes(name)
          ? Math.floor(options.cases / runnable.length) +
            (runnable.indexOf(name) < options.cases % runnable.length ? 1 : 0)
          : 0;
    const line: TargetSummary = {
      target: name,
      cases: 0,
      typedErrors: 0,
      accepted: 0,
      codes: {},
      maxMs: 0,
      findings: 0,
      ...(skipped ? { skipped } : {}),
    };
    summary.targets.push(line);
    if (skipped || share === 0) continue;
    const target = await createTarget(name);
    try {
      const first = options.onlyCase ?? 0;
      // Blocks of at most blockSize cases (numpy) or 250 (independent cases), for progress.
      const step = target.blockSize > 1 ? target.blockSize : 250;
      for (let from = first; from < first + share;) {
        const count = Math.min(step - (from % step), first + share - from);
        const block = await target.runBlock(options.seed, from, count);
        if (block.maxMs > limitMs)
          block.failures.push({
            case: from,
            mutations: [],
            error: `a case in [${from}, ${from + count}) ran ${block.maxMs.toFixed(0)} ms, over the ${limitMs} ms limit`,
          });
        add(line, block);
        for (const failure of block.failures) {
          summary.findingCount++;
          const key = `${name}\u0000${failure.error.replace(/\d+/g, "N")}`;
          if (seen.has(key) || summary.findings.length >= 50) continue;
          seen.add(key);
          summary.findings.push({
            target: name,
            seed: options.seed,
            ...failure,
            reproduce: `pnpm fuzz --target ${name} --seed ${options.seed} --case ${failure.case}`,
          });
        }
        from += count;
        done += count;
        options.onProgress?.({ stage: name, done, total });
      }
    } finally {
      await target.close?.();
    }
  }
  for (const line of summary.targets) {
    summary.cases += line.cases;
    summary.typedErrors += line.typedErrors;
    summary.accepted += line.accepted;
    summary.maxMs = Math.max(summary.maxMs, line.maxMs);
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function add(line: TargetSummary, block: BlockReport): void {
  line.cases += block.cases;
  line.typedErrors += block.typedErrors;
  line.accepted += block.accepted;
  line.maxMs = Math.max(line.maxMs, block.maxMs);
  line.findings += block.failures.length;
  for (const [code, n] of Object.entries(block.codes)) line.codes[code] = (line.codes[code] ?? 0) + n;
}
