import { useEffect, useMemo, useState } from "react";
import { getDatasets, getRuns } from "../api/queries.ts";
import type { RunJson } from "../api/types.ts";
import { useQuery } from "../api/use-query.ts";
import { Loaded } from "../components/Loaded.tsx";
import { fmt, fmtDate, fmtP, fmtRois } from "../lib/format.ts";
import { href } from "../lib/route.ts";
import { filterRuns, metricValue, sortRuns, toggleSelection, type SortKey, type SortState } from "../lib/runs-table.ts";

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "createdAt", label: "Created (UTC)" },
  { key: "dataset", label: "Dataset" },
  { key: "solver", label: "Solver" },
  { key: "layer", label: "Layer" },
  { key: "rois", label: "Areas" },
  { key: "sampleR", label: "Per-image r", numeric: true },
  { key: "cosine", label: "Cosine", numeric: true },
  { key: "featureR", label: "Per-feature r", numeric: true },
  { key: "identification", label: "Identification", numeric: true },
];

/** Every run in the store: filter, sort by any column, select two or more to compare. */
export function RunsPage() {
  const first = useQuery("runs:0", () => getRuns(0));
  const datasets = useQuery("datasets", () => getDatasets());
  const [more, setMore] = useState<{ items: RunJson[]; next: number | null; error: string | null; loading: boolean }>({ items: [], next: null, error: null, loading: false });
  useEffect(() => {
    if (first.status === "ok") setMore({ items: [], next: first.data.nextOffset, error: null, loading: false });
  }, [first]);
  const loadMore = () => {
    if (more.next === null) return;
    setMore((m) => ({ ...m, loading: true }));
    getRuns(more.next).then(
      (p) => setMore((m) => ({ items: [...m.items, ...p.items], next: p.nextOffset, error: null, loading: false })),
      (e: unknown) => setMore((m) => ({ ...m, loading: false, error: e instanceof Error ? e.message : String(e) })),
    );
  };
  const names = useMemo(() => new Map(datasets.status === "ok" ? datasets.data.items.map((d) => [d.id, d.name]) : []), [datasets]);
  return (
    <section aria-labelledby="runs-h">
      <h2 id="runs-h">Runs</h2>
      <Loaded state={first} what="runs">
        {(page) => (
          <>
            <RunsTable runs={[...page.items, ...more.items]} datasetName={(id) => names.get(id) ?? id.slice(0, 8)} />
            {more.next !== null && (
              <button type="button" className="more" onClick={loadMore} disabled={more.loading}>
                {more.loading ? "Loading…" : "Load more runs"}
              </button>
            )}
            {more.error && <p className="status error" role="alert">{more.error}</p>}
          </>
        )}
      </Loaded>
    </section>
  );
}

function RunsTable({ runs, datasetName }: { runs: RunJson[]; datasetName: (id: string) => string }) {
  const [filter, setFilter] = useState({ text: "", solver: "", layer: "" });
  const [sort, setSort] = useState<SortState>({ key: "createdAt", descending: true });
  const [selected, setSelected] = useState<string[]>([]);
  const solvers = [...new Set(runs.map((r) => r.solver))].sort();
  const layers = [...new Set(runs.map((r) => r.layer))].sort();
  const shown = sortRuns(filterRuns(runs, filter, datasetName), sort, datasetName);
  const open = (id: string) => (window.location.hash = href({ page: "run", id }));
  return (
    <>
      <div className="toolbar" role="search">
        <label className="control">
          Filter{" "}
          <input type="search" value={filter.text} placeholder="dataset, layer, area, id…" onChange={(e) => setFilter({ ...filter, text: e.target.value })} />
        </label>
        <label className="control">
          Solver{" "}
          <select value={filter.solver} onChange={(e) => setFilter({ ...filter, solver: e.target.value })}>
            <option value="">any</option>
            {solvers.map((s) => <option key={s}>{s}</option>)}
          </select>
        </label>
        <label className="control">
          Layer{" "}
          <select value={filter.layer} onChange={(e) => setFilter({ ...filter, layer: e.target.value })}>
            <option value="">any</option>
            {layers.map((l) => <option key={l}>{l}</option>)}
          </select>
        </label>
        <button type="button" disabled={selected.length < 2} onClick={() => (window.location.hash = href({ page: "compare", ids: selected }))}>
          Compare {selected.length} selected
        </button>
        <span className="muted" aria-live="polite">
          {shown.length} of {runs.length} runs
        </span>
      </div>
      <table className="runs-table">
        <thead>
          <tr>
            <th scope="col"><span className="sr-only">Select to compare</span></th>
            <th scope="col">Run</th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.descending ? "descending" : "ascending") : "none"} className={c.numeric ? "num" : undefined}>
                <button type="button" className="sort" onClick={() => setSort({ key: c.key, descending: sort.key === c.key ? !sort.descending : c.numeric === true })}>
                  {c.label}
                  <span aria-hidden="true">{sort.key === c.key ? (sort.descending ? " ▼" : " ▲") : ""}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((run) => (
            <tr
              key={run.id}
              tabIndex={0}
              aria-label={`run ${run.id.slice(0, 8)}: ${run.solver}, ${run.layer}, ${fmtRois(run.rois)}; Enter opens, Space selects`}
              aria-selected={selected.includes(run.id)}
              className={selected.includes(run.id) ? "selected" : undefined}
              onKeyDown={(e) => {
                if (e.target !== e.currentTarget) return;
                if (e.key === "Enter") open(run.id);
                if (e.key === " ") {
                  e.preventDefault();
                  setSelected((s) => toggleSelection(s, run.id));
                }
              }}
            >
              <td>
                <input type="checkbox" checked={selected.includes(run.id)} onChange={() => setSelected((s) => toggleSelection(s, run.id))} aria-label={`select run ${run.id.slice(0, 8)} to compare`} />
              </td>
              <td>
                <a href={href({ page: "run", id: run.id })}>
                  <code>{run.id.slice(0, 8)}</code>
                </a>
              </td>
              <td>{fmtDate(run.createdAt)}</td>
              <td>
                <a href={href({ page: "dataset", name: datasetName(run.datasetId) })}>{datasetName(run.datasetId)}</a>
              </td>
              <td>{run.solver}</td>
              <td className="layer" title={run.layer}>{run.layer}</td>
              <td>{fmtRois(run.rois)}</td>
              {COLUMNS.filter((c) => c.numeric).map((c) => {
                const p = (run.metrics as unknown as Record<string, { p?: number | null } | undefined>)[c.key]?.p ?? null;
                return (
                  <td key={c.key} className="num" title={fmtP(p)}>
                    {fmt(metricValue(run, c.key))}
                    {p !== null && p < 0.05 && <span className="sig" aria-label={fmtP(p)}>*</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="status">No run matches the filter.</p>}
      <p className="muted">* permutation p &lt; 0.05. Click a column head to sort; Enter on a row opens the run, Space selects it for comparison.</p>
    </>
  );
}
