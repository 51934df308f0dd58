import { Option, type Command } from "commander";
import { NtError } from "@neurotranslator/data/errors";
import type { FuzzSummary, FuzzTargetName } from "../services/fuzz/index.ts";
import { emit, table } from "../output.ts";
import { parseInteger, parseNumber } from "../flags.ts";
import { progress } from "../progress.ts";

const TARGET_CHOICES = [
  "npy",
  "npz",
  "mat",
  "image",
  "model-json",
  "sweep-config",
  "api-body",
  "hdf5-external",
  "npz-members",
  "all",
];

interface FuzzFlags {
  cases: string;
  seed: string;
  target: string;
  case?: string;
  caseTimeLimitMs: string;
  json?: boolean;
}

export function registerFuzz(program: Command): void {
  program
    .command("fuzz")
    .description(
      "feed mutated files, sweep configs and API bodies to every reader: only typed errors or acceptance, each case time-bounded; exits 1 on any finding",
    )
    .option("--cases <n>", "total cases, split over the targets", "10000")
    .option("--seed <s>", "seed (a finding names the seed and case that reproduce it)", "1")
    .addOption(new Option("--target <name>", "which reader").choices(TARGET_CHOICES).default("all"))
    .option("--case <i>", "rerun only case i of --target (reproduces a finding)")
    .option("--case-time-limit-ms <ms>", "a slower case is a finding", "2000")
    .option("--json", "print one JSON document")
    .action(async (flags: FuzzFlags) => {
      const { runFuzz, FUZZ_TARGETS } = await import("../services/fuzz/index.ts");
      const targets: readonly FuzzTargetName[] =
        flags.target === "all" ? FUZZ_TARGETS : [flags.target as FuzzTargetName];
      // Read here; runFuzz itself checks the ranges (upper bounds included).
      const options = {
        cases: parseInteger("--cases", flags.cases, { min: 1 }),
        seed: parseInteger("--seed", flags.seed, { min: 0 }),
        targets,
        caseTimeLimitMs: parseNumber("--case-time-limit-ms", flags.caseTimeLimitMs),
        ...(flags.case !== undefined ? { onlyCase: parseInteger("--case", flags.case, { min: 0 }) } : {}),
      };
      const bar = progress("fuzz");
      const summary = await runFuzz({
        ...options,
        onProgress: ({ done, total, stage }) => bar.update(done, total, stage),
      });
      bar.done(`${summary.cases} cases, ${summary.findingCount} findings`);
      emit(flags, summary, () => describe(summary));
      // main() owns the exit code: a thrown NtError is one line on stderr and exit 1, after the report.
      if (summary.findingCount > 0) {
        const first = summary.findings[0];
        throw new NtError(
          "INTERNAL",
          `fuzz: ${summary.findingCount} findings (a reader threw an untyped error, passed a limit or ran too long); first: ${first?.reproduce ?? "-"}`,
        );
      }
    });
}

function describe(summary: FuzzSummary): string {
  const rows = summary.targets.map((t) => [
    t.target,
    t.skipped ? "-" : t.cases,
    t.skipped ? "-" : t.typedErrors,
    t.skipped ? "-" : t.accepted,
    t.skipped ? "-" : t.maxMs.toFixed(1),
    t.skipped ? t.skipped : t.findings,
  ]);
  const lines = [table(["target", "cases", "typed errors", "accepted", "max ms", "findings"], rows)];
  lines.push(
    `${summary.cases} cases in ${summary.seconds.toFixed(1)} s, seed ${summary.seed}, slowest case ${summary.maxMs.toFixed(1)} ms (limit ${summary.caseTimeLimitMs} ms)`,
  );
  if (summary.findingCount === 0)
    lines.push("no findings: every case was accepted within the limits or refused with a typed error");
  else {
    lines.push(`${summary.findingCount} findings (first of each kind):`);
    for (const f of summary.findings)
      lines.push(
        `  ${f.target} case ${f.case} [${f.mutations.join(", ")}]: ${f.error}\n    reproduce: ${f.reproduce}`,
      );
  }
  return lines.join("\n");
}
