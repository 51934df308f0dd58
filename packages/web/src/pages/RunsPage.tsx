import { useEffect, useMemo, useState } from "react";
import { getDatasets, getFeatureSets, getRuns } from "../api/queries.ts";
import type { RunJson } from "../api/types.ts";
import { useQuery } from "../api/use-query.ts";
import { CsvDownload } from "../components/Downloads.tsx";
import { Loaded } from "../components/Loaded.tsx";
import { fmt, fmtDate, fmtP, fmtRois } from "../lib/format.ts";
import { href } from "../lib/route.ts";
import {
  NO_FILTER,
  filterRuns,
  hasMap,
  metricValue,
  sortRuns,
  toggleSelection,
  type RunNames,
  type SortKey,
  type SortState,
} from "../lib/runs-table.ts";

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "createdAt", label: "Created (UTC)" },
  { key: "dataset", label: "Dataset" },
  { key: "featureSet", label: "Features" },
  { key: "layer", label: "Layer" },
  { key: "rois", label: "Areas" },
  { key: "solver", label: "Solver" },
  { key: "map", label: "Map" },
  { key: "featureR", label: "Per-feature r", numeric: true },
  { key: "r2", label: "R²", numeric: true },
  { key: "sampleR", label: "Per-image r", numeric: true },
  { key: "cosine", label: "Cosine", numeric: true },
  { key: "identification", label: "Identification", numeric: true },
  { key: "top1Agreement", label: "Top-1", numeric: true },
];
const METRIC_COLUMNS = COLUMNS.filter((c) => c.numeric);

/** Every run in the store: filter, sort by any column, select two or more to compare. */
export function RunsPage() {
  const first = useQuery("runs:0", () => getRuns(0));
  const datasets = useQuery("datasets", () => getDatasets());
  const [more, setMore] = useState<{
    items: RunJson[];
    next: number | null;
    error: string | null;
    loading: boolean;
  }>({ items: [], next: null, error: null, loading: false });
  useEffect(() => {
    if (first.status === "ok")
      setMore({ items: [], next: first.data.nextOffset, error: null, loading: false });
  }, [first]);
  const loadMore = () => {
    if (more.next === null) return;
    setMore((m) => ({ ...m, loading: true }));
    getRuns(more.next).then(
      (p) =>
        setMore((m) => ({
          items: [...m.items, ...p.items],
          next: p.nextOffset,
          error: null,
          loading: false,
        })),
      (e: unknown) =>
        setMore((m) => ({ ...m, loading: false, error: e instanceof Error ? e.message : String(e) })),
    );
  };
  const datasetNames = datasets.status === "ok" ? datasets.data.items.map((d) => d.name) : [];
  const featureSets = useQuery(
    datasetNames.length > 0 ? `feature-sets-of:${datasetNames.join(",")}` : null,
    () => Promise.all(datasetNames.map((n) => getFeatureSets(n))),
  );
  const names = useMemo((): RunNames => {
    const ds = new Map(datasets.status === "ok" ? datasets.data.items.map((d) => [d.id, d.name]) : []);
    const fs = new Map(
      featureSets.status === "ok"
        ? featureSets.data.flatMap((p) => p.items.map((f) => [f.id, f.name] as const))
        : [],
    );
    return {
      dataset: (id) => ds.get(id) ?? id.slice(0, 8),
      featureSet: (id) => fs.get(id) ?? id.slice(0, 8),
    };
  }, [datasets, featureSets]);
  return (
    <section aria-labelledby="runs-h">
      <h2 id="runs-h">Runs</h2>
      <Loaded state={first} what="runs">
        {(page) => (
          <>
            <RunsTable runs={[...page.items, ...more.items]} names={names} />
            {more.next !== null && (
              <button type="button" className="more" onClick={loadMore} disabled={more.loading}>
                {more.loading ? "Loading…" : "Load more runs"}
              </button>
            )}
            {more.error && (
              <p className="status error" role="alert">
                {more.error}
              </p>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

function RunsTable({ runs, names }: { runs: RunJson[]; names: RunNames }) {
  const [filter, setFilter] = useState(NO_FILTER);
  const [sort, setSort] = useState<SortState>({ key: "createdAt", descending: true });
  const [selected, setSelected] = useState<string[]>([]);
  const choices = (values: string[]) => [...new Set(values)].sort();
  const options = {
    dataset: choices(runs.map((r) => names.dataset(r.datasetId))),
    featureSet: choices(runs.map((r) => names.featureSet(r.featureSetId))),
    layer: choices(runs.map((r) => r.layer)),
    roi: choices(runs.flatMap((r) => (r.rois.length === 0 ? ["all"] : r.rois))),
    solver: choices(runs.map((r) => r.solver)),
  };
  const shown = sortRuns(filterRuns(runs, filter, names), sort, names);
  const open = (id: string) => (window.location.hash = href({ page: "run", id }));
  const pick = (key: keyof typeof options, label: string) => (
    <label className="control">
      {label}{" "}
      <select
        name={key}
        value={filter[key]}
        onChange={(e) => setFilter({ ...filter, [key]: e.target.value })}
      >
        <option value="">any</option>
        {options[key].map((v) => (
          <option key={v} value={v}>
            {key === "roi" && v === "all" ? "all areas together" : v}
          </option>
        ))}
      </select>
    </label>
  );
  const csv = () =>
    shown.map((run) => [
      run.id,
      run.createdAt,
      names.dataset(run.datasetId),
      names.featureSet(run.featureSetId),
      run.layer,
      run.rois.join(" ") || "all",
      run.solver,
      hasMap(run) ? 1 : 0,
      ...METRIC_COLUMNS.map((c) => metricValue(run, c.key)),
    ]);
  return (
    <>
      <div className="toolbar" role="search">
        <label className="control">
          Filter{" "}
          <input
            type="search"
            value={filter.text}
            placeholder="dataset, layer, area, id…"
            onChange={(e) => setFilter({ ...filter, text: e.target.value })}
          />
        </label>
        {pick("dataset", "Dataset")}
        {pick("featureSet", "Features")}
        {pick("layer", "Layer")}
        {pick("roi", "Area")}
        {pick("solver", "Solver")}
        <button
          type="button"
          disabled={selected.length < 2}
          onClick={() => (window.location.hash = href({ page: "compare", ids: selected }))}
        >
          Compare {selected.length} selected
        </button>
        <span className="muted" aria-live="polite">
          {shown.length} of {runs.length} runs
        </span>
      </div>
      <div className="table-scroll">
        <table className="runs-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Select to compare</span>
              </th>
              <th scope="col">Run</th>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={sort.key === c.key ? (sort.descending ? "descending" : "ascending") : "none"}
                  className={c.numeric ? "num" : undefined}
                >
                  <button
                    type="button"
                    className="sort"
                    onClick={() =>
                      setSort({
                        key: c.key,
                        descending:
                          sort.key === c.key ? !sort.descending : c.numeric === true || c.key === "map",
                      })
                    }
                  >
                    {c.label}
                    <span aria-hidden="true">
                      {sort.key === c.key ? (sort.descending ? " ▼" : " ▲") : ""}
                    </span>
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
                aria-label={`run ${run.id.slice(0, 8)}: ${run.solver}, ${run.layer}, ${fmtRois(run.rois)}${hasMap(run) ? ", with area x layer map" : ""}; Enter opens, Space selects`}
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
                  <input
                    type="checkbox"
                    checked={selected.includes(run.id)}
                    onChange={() => setSelected((s) => toggleSelection(s, run.id))}
                    aria-label={`select run ${run.id.slice(0, 8)} to compare`}
                  />
                </td>
                <td>
                  <a href={href({ page: "run", id: run.id })}>
                    <code>{run.id.slice(0, 8)}</code>
                  </a>
                </td>
                <td className="nowrap">{fmtDate(run.createdAt)}</td>
                <td>
                  <a href={href({ page: "dataset", name: names.dataset(run.datasetId) })}>
                    {names.dataset(run.datasetId)}
                  </a>
                </td>
                <td>{names.featureSet(run.featureSetId)}</td>
                <td className="layer" title={run.layer}>
                  {run.layer}
                </td>
                <td>{fmtRois(run.rois)}</td>
                <td>{run.solver}</td>
                <td>
                  {hasMap(run) && (
                    <span className="badge map-badge" title="this run holds an area x layer map">
                      map
                    </span>
                  )}
                </td>
                {METRIC_COLUMNS.map((c) => {
                  const p =
                    (run.metrics as unknown as Record<string, { p?: number | null } | undefined>)[c.key]?.p ??
                    null;
                  return (
                    <td key={c.key} className="num" title={fmtP(p)}>
                      {fmt(metricValue(run, c.key))}
                      {p !== null && p < 0.05 && (
                        <span className="sig" aria-label={fmtP(p)}>
                          *
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p className="status">No run matches the filter.</p>}
      <p className="muted">
        * permutation p &lt; 0.05 (per run, uncorrected across runs). Click a column head to sort; Enter on a
        row opens the run, Space selects it for comparison. Shown rows as{" "}
        <CsvDownload
          headers={[
            "run_id",
            "created_at",
            "dataset",
            "features",
            "layer",
            "areas",
            "solver",
            "map",
            ...METRIC_COLUMNS.map((c) => c.key),
          ]}
          rows={csv}
          name="runs"
          what="the runs table"
        />
      </p>
    </>
  );
}
