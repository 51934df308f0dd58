import { compareRuns, getDatasets } from "../api/queries.ts";
import { useQuery } from "../api/use-query.ts";
import { Loaded } from "../components/Loaded.tsx";
import { fmt, fmtCi, fmtDate, fmtRois } from "../lib/format.ts";
import { METRIC_INFO, metricLabel } from "../lib/metric-list.ts";
import { href } from "../lib/route.ts";
import type { RunJson } from "../api/types.ts";

/** Two or more runs side by side: each summary metric's value, CI and difference from the first run, and the configurations. */
export function ComparePage({ ids }: { ids: string[] }) {
  const comparison = useQuery(ids.length >= 2 ? `compare:${ids.join(",")}` : null, () => compareRuns(ids));
  const datasets = useQuery("datasets", () => getDatasets());
  const name = (id: string) => (datasets.status === "ok" ? (datasets.data.items.find((d) => d.id === id)?.name ?? id.slice(0, 8)) : id.slice(0, 8));
  if (ids.length < 2) {
    return (
      <section>
        <h2>Compare runs</h2>
        <p className="status">
          Select two or more runs in the <a href={href({ page: "runs" })}>runs table</a> to compare them.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="compare-h">
      <p className="crumbs">
        <a href={href({ page: "runs" })}>Runs</a> / compare
      </p>
      <h2 id="compare-h">Compare {ids.length} runs</h2>
      <Loaded state={comparison} what="the comparison">
        {(c) => (
          <>
            <div className="table-scroll">
              <table className="compare-table">
                <caption>Summary metrics; Δ is the difference from the first run, brackets the bootstrap 95% CI</caption>
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    {c.runs.map((r, i) => (
                      <th key={r.id} scope="col">
                        <a href={href({ page: "run", id: r.id })}>
                          {i === 0 ? "Base: " : ""}
                          {r.solver} · {fmtRois(r.rois)}
                        </a>
                        <span className="muted block">{r.layer}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {inMetricOrder(c.metrics).map((m) => (
                    <tr key={m.metric}>
                      <th scope="row">{metricLabel(m.metric)}</th>
                      {m.values.map((v, i) => (
                        <td key={i} className="num">
                          <span className="strong">{fmt(v)}</span> <span className="muted">{fmtCi(ciOf(c.runs[i], m.metric), 2)}</span>
                          {i > 0 && <Delta d={m.deltas[i] ?? null} lowerIsBetter={METRIC_INFO.find((x) => x.key === m.metric)?.lowerIsBetter ?? false} />}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tbody className="config-rows">
                  <tr>
                    <th scope="colgroup" colSpan={c.runs.length + 1}>
                      Configuration
                    </th>
                  </tr>
                  {CONFIG_ROWS.map(([label, get]) => (
                    <tr key={label}>
                      <th scope="row">{label}</th>
                      {c.runs.map((r) => (
                        <td key={r.id}>{label === "Dataset" ? name(r.datasetId) : get(r)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}

const CONFIG_ROWS: [string, (r: RunJson) => string][] = [
  ["Dataset", () => ""],
  ["Solver", (r) => r.config.solver.name],
  ["Solver options", (r) => JSON.stringify(r.config.solver.options)],
  ["Layer", (r) => r.config.layer],
  ["Areas", (r) => fmtRois(r.config.rois)],
  ["Seed / CV folds", (r) => `${r.config.seed} / ${r.config.cv.folds}`],
  ["Permutations / bootstrap", (r) => `${r.metrics.nPermutations} / ${r.metrics.nBootstrap}`],
  ["Created (UTC)", (r) => fmtDate(r.createdAt)],
];

function ciOf(run: RunJson | undefined, metric: string): [number, number] | null {
  const entry = (run?.metrics as unknown as Record<string, { ci95?: [number, number] | null } | undefined> | undefined)?.[metric];
  return entry?.ci95 ?? null;
}

/** The comparison's metrics in the run page's order (METRIC_INFO), metrics the viewer does not know last. */
function inMetricOrder<T extends { metric: string }>(metrics: readonly T[]): T[] {
  const rank = (m: T) => {
    const i = METRIC_INFO.findIndex((x) => x.key === m.metric);
    return i < 0 ? METRIC_INFO.length : i;
  };
  return [...metrics].sort((a, b) => rank(a) - rank(b));
}

/** A difference from the base run, green when better (for ranks: lower), red when worse. */
function Delta({ d, lowerIsBetter }: { d: number | null; lowerIsBetter: boolean }) {
  if (d === null) return null;
  const better = lowerIsBetter ? d < 0 : d > 0;
  const cls = d === 0 ? "delta" : better ? "delta better" : "delta worse";
  return (
    <span className={cls}>
      Δ {d > 0 ? "+" : ""}
      {fmt(d)}
      <span className="sr-only">{d === 0 ? "" : better ? " (better)" : " (worse)"}</span>
    </span>
  );
}
