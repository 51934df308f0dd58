// `pnpm fuzz`: feeds mutated files, sweep configs and API bodies to every reader. A development tool,
// not part of the shipped CLI. Exit 0 without findings, 1 with any (or on a bad flag).
import { parseArgs } from "node:util";
import { NtError, isNtError, type ProgressEvent } from "@neurotranslator/schema";
import { parseInteger, parseNumber } from "@neurotranslator/cli/flags";
import { describeSummary } from "./report.ts";
import { runFuzz } from "./run-fuzz.ts";
import { FUZZ_TARGETS, type FuzzTargetName } from "./target.ts";

const USAGE = `usage: pnpm fuzz [options]

Feeds mutated files, sweep configs and API bodies to every reader: each case must end in acceptance
within the limits or a typed error (NtError), within the case time limit. Exits 1 on any finding.

  --cases <n>                total cases, split over the targets (default 10000)
  --seed <s>                 seed; a finding names the seed and case that reproduce it (default 1)
  --target <name>            ${[...FUZZ_TARGETS, "all"].join(", ")} (default all)
  --case <i>                 rerun only case i of --target (reproduces a finding)
  --case-time-limit-ms <ms>  a slower case is a finding (default 2000)
  --json                     print one JSON document
  -h, --help                 this text`;

/** Parses the flags (those of the former `neurotranslator fuzz`); throws a one-line message for a bad one. */
function parseFlags(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      cases: { type: "string", default: "10000" },
      seed: { type: "string", default: "1" },
      target: { type: "string", default: "all" },
      case: { type: "string" },
      "case-time-limit-ms": { type: "string", default: "2000" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const target = values.target;
  if (target !== "all" && !(FUZZ_TARGETS as readonly string[]).includes(target))
    throw new NtError(
      "BAD_INPUT",
      `fuzz: --target must be one of ${[...FUZZ_TARGETS, "all"].join(", ")}, got ${target}`,
    );
  return { ...values, targets: target === "all" ? FUZZ_TARGETS : [target as FuzzTargetName] };
}

/** A progress line on a terminal's stderr (stdout stays one document for --json); the stage is the target. */
function progressLine({ done, total, stage }: ProgressEvent): void {
  if (process.stderr.isTTY) process.stderr.write(`\rfuzz ${done}/${total} ${stage}`.padEnd(60));
}

async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv);
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Read here; runFuzz itself checks the ranges (upper bounds included).
  const summary = await runFuzz({
    cases: parseInteger("--cases", flags.cases, { min: 1 }),
    seed: parseInteger("--seed", flags.seed, { min: 0 }),
    targets: flags.targets,
    caseTimeLimitMs: parseNumber("--case-time-limit-ms", flags["case-time-limit-ms"]),
    ...(flags.case !== undefined ? { onlyCase: parseInteger("--case", flags.case, { min: 0 }) } : {}),
    onProgress: progressLine,
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  process.stdout.write(`${flags.json ? JSON.stringify(summary) : describeSummary(summary)}\n`);
  if (summary.findingCount === 0) return 0;
  process.stderr.write(
    `fuzz: ${summary.findingCount} findings (a reader threw an untyped error, passed a limit or ran too long); first: ${summary.findings[0]?.reproduce ?? "-"}\n`,
  );
  return 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // A bad flag or option: one line, no stack (an untyped error is a bug in the tool: keep its stack).
  const known = isNtError(error) || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  process.stderr.write(`${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
  process.exitCode = 1;
}
