/** Filtering and sorting of the runs table (pure, so it is tested without a browser). */

/** The run fields the table shows (a structural subset of the API's RunJson). */
export interface RunRow {
  id: string;
  datasetId: string;
  solver: string;
  layer: string;
  rois: string[];
  createdAt: string;
  metrics: Record<string, unknown>;
}

export const SORT_KEYS = ["createdAt", "dataset", "solver", "layer", "rois", "sampleR", "cosine", "featureR", "identification"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface SortState {
  key: SortKey;
  descending: boolean;
}

export interface RunFilter {
  /** Case-insensitive words, each of which must appear in the dataset name, solver, layer, areas or id. */
  text: string;
  solver: string;
  layer: string;
}

/** A summary metric's value of a run (`metrics[key].value`), or null when absent. */
export function metricValue(run: RunRow, key: string): number | null {
  const entry = run.metrics[key];
  const value = entry !== null && typeof entry === "object" ? (entry as { value?: unknown }).value : undefined;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function filterRuns<T extends RunRow>(runs: readonly T[], filter: RunFilter, datasetName: (id: string) => string): T[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter((w) => w !== "");
  return runs.filter((run) => {
    if (filter.solver !== "" && run.solver !== filter.solver) return false;
    if (filter.layer !== "" && run.layer !== filter.layer) return false;
    const haystack = [datasetName(run.datasetId), run.solver, run.layer, ...run.rois, run.rois.length === 0 ? "all" : "", run.id].join(" ").toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** Sorted copy; missing metric values sort last in either direction, ties keep the input order. */
export function sortRuns<T extends RunRow>(runs: readonly T[], sort: SortState, datasetName: (id: string) => string): T[] {
  const key = (run: RunRow): string | number | null => {
    switch (sort.key) {
      case "createdAt":
        return run.createdAt;
      case "dataset":
        return datasetName(run.datasetId);
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
