import type { RunComparison } from "@neurotranslator/data/schema";

/**
 * `runs compare` as text: one column per run (short id, dataset, features, layer, areas, solver),
 * each metric's value per run, then each run's difference from the first with its paired bootstrap
 * 95% CI over the shared test images (the comparison itself is compareStoredRuns in the API package,
 * the same function GET /runs/compare answers with).
 */
export function comparisonText(c: RunComparison): string {
  const cols = c.columns;
  const head = (label: string, get: (k: number) => string) => [label, ...cols.map((_, k) => get(k))];
  const rows: string[][] = [
    head("run", (k) => `${cols[k]!.shortId}${k === 0 ? " (base)" : ""}`),
    head("dataset", (k) => `${cols[k]!.dataset}${cols[k]!.simulated ? " (simulated)" : ""}`),
    head("features", (k) => cols[k]!.featureSet),
    head("layer", (k) => cols[k]!.layer),
    head("areas", (k) => cols[k]!.areas),
    head("solver", (k) => cols[k]!.solver),
    cols.map(() => "").concat(""),
    ...c.metrics.map((m) => head(m.metric, (k) => fixed(m.values[k] ?? null))),
    cols.map(() => "").concat(""),
    ...c.metrics.map((m) =>
      head(`Δ ${m.metric}`, (k) => {
        const d = m.differences[k];
        if (k === 0) return "base";
        if (!d) return "-";
        const sign = d.delta >= 0 ? "+" : "";
        return d.ci95
          ? `${sign}${d.delta.toFixed(3)} [${d.ci95[0].toFixed(3)}, ${d.ci95[1].toFixed(3)}]${d.excludesZero ? "*" : ""}`
          : `${sign}${d.delta.toFixed(3)} (no CI)`;
      }),
    ),
  ];
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => (r[j] ?? "").length)));
  const lines = rows.map((r) =>
    r
      .map((cell, j) => cell.padEnd(widths[j]!))
      .join("  ")
      .trimEnd(),
  );
  return [
    ...lines,
    "",
    `Δ: run - base, paired bootstrap 95% CI over the shared test images (${c.nBootstrap} resamples, seed ${c.seed}); * the CI excludes 0. For rank, lower is better.`,
    ...c.notes.map((n) => `note: ${n}`),
  ].join("\n");
}

function fixed(x: number | null): string {
  return x === null ? "-" : x.toFixed(4);
}
