import { compareRuns } from "../api/queries.ts";
import type { RunComparison } from "../api/types.ts";
import { useQuery } from "../api/use-query.ts";
import { Crumbs } from "../components/Crumbs.tsx";
import { CsvDownload } from "../components/Downloads.tsx";
import { Loaded } from "../components/Loaded.tsx";
import { SimulatedBadge } from "../components/SimulatedBadge.tsx";
import { fmt, fmtCi, fmtDate } from "../lib/format.ts";
import { metricLabel } from "../lib/metric-list.ts";
import { href } from "../lib/route.ts";
import { fmtOptions } from "../lib/solver-text.ts";

/**
 * Two or more runs side by side: named columns (short id, dataset, features, layer, areas, solver),
 * each metric's value and CI per run, and each run's difference from the first (the base) with a
 * paired bootstrap CI over the test images both share (the API computes it; `runs compare` prints
 * the same numbers).
 */
export function ComparePage({ ids }: { ids: string[] }) {
  const comparison = useQuery(ids.length >= 2 ? `compare:${ids.join(",")}` : null, () => compareRuns(ids));
  const crumbs = (
    <Crumbs
      trail={[
        ["Runs", href({ page: "runs" })],
        ["compare", null],
      ]}
    />
  );
  if (ids.length < 2) {
    return (
      <section>
        {crumbs}
        <h2>Compare runs</h2>
        <p className="status">
          Select two or more runs in the <a href={href({ page: "runs" })}>runs table</a> to compare them.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="compare-h">
      {crumbs}
      <h2 id="compare-h">Compare {ids.length} runs</h2>
      <Loaded state={comparison} what="the comparison">
        {(c) => <ComparisonTable c={c} />}
      </Loaded>
    </section>
  );
}

function ComparisonTable({ c }: { c: RunComparison }) {
  const simulated = c.columns.some((col) => col.simulated);
  const csv = () =>
    c.metrics.flatMap((m) =>
      c.columns.map((col, k) => {
        const d = m.differences[k];
        return [
          m.metric,
          col.id,
          col.dataset,
          col.featureSet,
          col.layer,
          col.areas,
          col.solver,
          m.values[k] ?? null,
          m.ci95[k]?.[0] ?? null,
          m.ci95[k]?.[1] ?? null,
          d?.delta ?? null,
          d?.ci95?.[0] ?? null,
          d?.ci95?.[1] ?? null,
        ];
      }),
    );
  return (
    <>
      {simulated && (
        <p>
          <SimulatedBadge simulated /> Columns marked simulated were fitted on data the simulator made.
        </p>
      )}
      <p className="map-caption" id="compare-caption">
        Each metric per run (bootstrap 95% CI below it). Δ: the run minus the base (first column), with a
        paired bootstrap 95% CI over the{" "}
        {c.nBootstrap > 0 ? `shared test images (${c.nBootstrap} resamples)` : "shared test images"}; ✱ the CI
        excludes 0.
      </p>
      <div className="table-scroll">
        <table className="compare-table" aria-describedby="compare-caption">
          <caption className="sr-only">Metrics per run and differences from the base run</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              {c.columns.map((col, k) => (
                <th key={col.id} scope="col" className="run-column">
                  <a href={href({ page: "run", id: col.id })}>
                    <code>{col.shortId}</code>
                  </a>
                  {k === 0 && <span className="base-tag">base</span>}
                  <span className="block">
                    {col.dataset} {col.simulated && <span className="simulated small">simulated</span>}
                  </span>
                  <span className="block muted">
                    {col.featureSet} · {col.layer}
                  </span>
                  <span className="block muted">
                    {col.areas} · {col.solver}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.metrics.map((m) => (
              <tr key={m.metric}>
                <th scope="row">{metricLabel(m.metric)}</th>
                {m.values.map((v, k) => {
                  const d = m.differences[k] ?? null;
                  return (
                    <td key={k} className="num">
                      <span className="strong">{fmt(v)}</span>{" "}
                      <span className="muted block">{fmtCi(m.ci95[k], 2)}</span>
                      {k > 0 && <Delta d={d} lowerIsBetter={m.lowerIsBetter} />}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="downloads-line">
        Table as{" "}
        <CsvDownload
          headers={[
            "metric",
            "run_id",
            "dataset",
            "features",
            "layer",
            "areas",
            "solver",
            "value",
            "ci_low",
            "ci_high",
            "delta_vs_base",
            "delta_ci_low",
            "delta_ci_high",
          ]}
          rows={csv}
          name="comparison"
          what="the comparison"
        />
      </p>
      {c.notes.length > 0 && (
        <ul className="notes">
          {c.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <p className="muted definition">How the CIs are made: {c.definition}.</p>
      <ConfigTable c={c} />
    </>
  );
}

function ConfigTable({ c }: { c: RunComparison }) {
  const rows: [string, (k: number) => string][] = [
    ["Solver options", (k) => fmtOptions(c.runs[k]?.config.solver.options ?? {})],
    ["Seed", (k) => String(c.runs[k]?.config.seed ?? "")],
    [
      "Permutations / bootstrap",
      (k) => `${c.runs[k]?.metrics.nPermutations ?? ""} / ${c.runs[k]?.metrics.nBootstrap ?? ""}`,
    ],
    ["Test images", (k) => String(c.runs[k]?.metrics.nTest ?? "")],
    ["Created (UTC)", (k) => fmtDate(c.runs[k]?.createdAt ?? "")],
  ];
  return (
    <div className="table-scroll">
      <table className="compare-table config">
        <caption>Configuration</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            {c.columns.map((col) => (
              <th key={col.id} scope="col">
                <code>{col.shortId}</code>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, get]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {c.columns.map((col, k) => (
                <td key={col.id}>{get(k)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A difference from the base with its paired CI, green when better (for ranks: lower), red when worse, plain when the CI holds 0. */
function Delta({
  d,
  lowerIsBetter,
}: {
  d: RunComparison["metrics"][number]["differences"][number];
  lowerIsBetter: boolean;
}) {
  if (!d) return <span className="delta">Δ —</span>;
  const better = lowerIsBetter ? d.delta < 0 : d.delta > 0;
  const cls = d.excludesZero ? (better ? "delta better" : "delta worse") : "delta";
  return (
    <span className={cls}>
      Δ {d.delta > 0 ? "+" : ""}
      {fmt(d.delta)} {d.ci95 ? fmtCi(d.ci95, 3) : "(no CI)"}
      {d.excludesZero && <span aria-hidden="true"> ✱</span>}
      <span className="sr-only">
        {d.excludesZero
          ? better
            ? " (better, CI excludes 0)"
            : " (worse, CI excludes 0)"
          : " (CI includes 0)"}
      </span>
    </span>
  );
}
