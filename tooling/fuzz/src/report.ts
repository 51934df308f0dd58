import { table } from "@neurotranslator/cli/output";
import type { FuzzSummary } from "./run-fuzz.ts";

/** The summary as people read it: one row per target, totals, then each kind of finding with its rerun. */
export function describeSummary(summary: FuzzSummary): string {
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
