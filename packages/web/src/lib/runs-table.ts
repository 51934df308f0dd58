/** Filtering and sorting of the runs table (pure, so it is tested without a browser). */

/** The run fields the table shows (a structural subset of the API's RunJson). */
export interface RunRow {
  id: string;
  datasetId: string;
  featureSetId: string;
  solver: string;
  layer: string;
  rois: string[];
  createdAt: string;
  metrics: Record<string, unknown>;
  timings: Record<string, number>;
}

/** Whether the run holds an area x layer map (map runs record the map's fit time). */
export function hasMap(run: RunRow): boolean {
  return run.timings["mapFit"] !== undefined;
}

export const SORT_KEYS = [
  "createdAt",
  "dataset",
  "featureSet",
  "solver",
  "layer",
  "rois",
  "map",
  "featureR",
  "r2",
  "sampleR",
  "cosine",
  "identification",
  "top1Agreement",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface SortState {
  key: SortKey;
  descending: boolean;
}

/** Empty strings match everything. `roi`: runs whose areas include it ("all": runs on all areas together). */
export interface RunFilter {
  /** Case-insensitive words, each of which must appear in the dataset name, solver, layer, areas or id. */
  text: string;
  dataset: string;
  featureSet: string;
  solver: string;
  layer: string;
  roi: string;
}

export const NO_FILTER: RunFilter = { text: "", dataset: "", featureSet: "", solver: "", layer: "", roi: "" };

/** Names of the runs' datasets and feature sets, by id (ids shortened when unknown). */
export interface RunNames {
  dataset(id: string): string;
  featureSet(id: string): string;
}

/** A summary metric's value of a run (`metrics[key].value`), or null when absent. */
export function metricValue(run: RunRow, key: string): number | null {
  const entry = run.metrics[key];
  const value =
    entry !== null && typeof entry === "object" ? (entry as { value?: unknown }).value : undefined;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function filterRuns<T extends RunRow>(runs: readonly T[], filter: RunFilter, names: RunNames): T[] {
  const words = filter.text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== "");
  return runs.filter((run) => {
    if (filter.dataset !== "" && names.dataset(run.datasetId) !== filter.dataset) return false;
    if (filter.featureSet !== "" && names.featureSet(run.featureSetId) !== filter.featureSet) return false;
    if (filter.solver !== "" && run.solver !== filter.solver) return false;
    if (filter.layer !== "" && run.layer !== filter.layer) return false;
    if (filter.roi !== "" && !(filter.roi === "all" ? run.rois.length === 0 : run.rois.includes(filter.roi)))
      return false;
    const haystack = [
      names.dataset(run.datasetId),
      names.featureSet(run.featureSetId),
      run.solver,
      run.layer,
      ...run.rois,
      run.rois.length === 0 ? "all" : "",
      run.id,
    ]
      .join(" ")
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** Sorted copy; missing metric values sort last in either direction, ties keep the input order. */
export function sortRuns<T extends RunRow>(runs: readonly T[], sort: SortState, names: RunNames): T[] {
  const key = (run: RunRow): string | number | null => {
    switch (sort.key) {
      case "createdAt":
        return run.createdAt;
      case "dataset":
        return names.dataset(run.datasetId);
      case "featureSet":
        return names.featureSet(run.featureSetId);
      case "map":
        return hasMap(run) ? 1 : 0;
      case "solver":
      case "layer":
        return run[sort.key];
      case "rois":
        return run.rois.join("+");
      default:
        return metricValue(run, sort.key);
    }
  };
  const sign = sort.descending ? -1 : 1;
  return runs
    .map((run, i) => ({ run, i, k: key(run) }))
    .sort((a, b) => {
      if (a.k === null || b.k === null) return a.k === b.k ? a.i - b.i : a.k === null ? 1 : -1;
      const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map((x) => x.run);
}

/** Toggles one run id in the compare selection, keeping the order of selection. */
export function toggleSelection(selected: readonly string[], id: string): string[] {
  return selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id];
}
