import { NtError } from "@neurotranslator/data/errors";
import type { JsonObject, Matrix32, MetricSummary } from "@neurotranslator/data/schema";
import { evaluatePredictions } from "../metrics/evaluate.ts";
import type { LinearModel } from "../solvers/types.ts";
import { columnMeans } from "./attribution.ts";
import { checkPairedShapes } from "./check-input.ts";
import type { PipelineContext } from "./run-decoding.ts";
import { columnRange, selectAreas, takeColumns, type SelectedArea } from "./select-areas.ts";
import { buildRegressor, chosenAlphas, summariseAlphas, type SolverChoice } from "./solver-setup.ts";

/** Responses with their areas and one train/test feature pair per layer. */
export interface AreaLayerMapInput {
  responsesTrain: Matrix32;
  responsesTest: Matrix32;
  roi: Int32Array;
  roiNames: readonly string[];
  /** Per layer: train [nTrain, D_layer] and test [nTest, D_layer] features; map order is the column order. */
  layers: ReadonlyMap<string, { train: Matrix32; test: Matrix32 }>;
}

export interface AreaLayerMapOptions {
  solver?: SolverChoice;
  /** Areas, one decoder each (default: every area with voxels). */
  rois?: readonly string[];
  /** Add a row "all" that decodes from every selected area together (default false). */
  includeAll?: boolean;
  seed?: number;
  nPermutations?: number;
  nBootstrap?: number;
  /** Top voxels listed per cell (default 10). */
  topVoxels?: number;
}

/** One (area, layer) decoder, shaped for MapCell (roi, layer, metric). */
export interface AreaLayerCell {
  roi: string;
  layer: string;
  /** The summary metric: mean over the layer's features of the test Pearson r (see runAreaLayerMap). */
  value: number;
  ci95: [number, number] | null;
  nullMean: number | null;
  p: number | null;
  /** JSON for MapCell.metric: every summary (featureR, sampleR, r2, cosine, identification, pairwise, rankPercentile), sizes, alphas, voxel contributions. */
  metric: JsonObject;
}

export interface AreaLayerMap {
  cells: AreaLayerCell[];
  /** Per area, the layer of highest `value`. */
  bestLayerPerArea: Record<string, string>;
  /** Heatmap-ready: value[row][col] for rows = areas, columns = layers (p and CI bounds alike). */
  table: { rows: string[]; columns: string[]; metric: "featureR"; value: number[][]; p: (number | null)[][]; ciLow: (number | null)[][]; ciHigh: (number | null)[][] };
  /** Seconds: fit (all areas) and evaluate (all cells). */
  timings: { fit: number; evaluate: number };
}

const CELL_SUMMARIES = ["featureR", "sampleR", "r2", "cosine", "identification", "pairwise", "rankPercentile"] as const;

/**
 * The area x layer map: one decoder per (area, layer), each area's voxels -> that layer's features.
 *
 * Efficiency: every solver in the registry fits each target (feature) independently, with
 * column-wise preprocessing and per-target alphas, so decoding all layers at once from the
 * concatenated targets [nTrain, Σ D_layer] gives exactly the per-layer decoders while the area's
 * kernel / eigendecomposition (or Gram matrix) is computed once per area, not once per cell.
 *
 * Summary metric: mean per-feature r (each feature correlated across test images). Per-image
 * sample r is reported too, but it rewards predicting the layer's mean profile (which the
 * intercept alone does for every area), so it separates areas poorly.
 */
export function runAreaLayerMap(input: AreaLayerMapInput, options: AreaLayerMapOptions, ctx: PipelineContext): AreaLayerMap {
  const layerNames = [...input.layers.keys()];
  if (layerNames.length === 0) throw new NtError("BAD_INPUT", "area x layer map: no layers given");
  for (const [name, f] of input.layers) checkPairedShapes({ train: input.responsesTrain, test: input.responsesTest }, f, input.roi, `layer "${name}"`);
  const selection = selectAreas(input.roi, input.roiNames, options.rois ?? []);
  const rows: SelectedArea[] = [...selection.areas];
  if (options.includeAll) rows.push({ name: "all", code: -1, voxels: selection.voxels });
  const seed = options.seed ?? 0;
  const evalOptions = { nPermutations: options.nPermutations ?? 1000, nBootstrap: options.nBootstrap ?? 1000, seed, backend: ctx.backend };

  const offsets: number[] = [0];
  for (const name of layerNames) offsets.push(offsets[offsets.length - 1]! + input.layers.get(name)!.train.cols);
  const yTrain = concatColumns(layerNames.map((n) => input.layers.get(n)!.train));
  const cells: AreaLayerCell[] = [];
  const timings = { fit: 0, evaluate: 0 };
  const total = rows.length * (layerNames.length + 1);
  let done = 0;
  for (const area of rows) {
    let t0 = performance.now();
    const regressor = buildRegressor(options.solver, seed, ctx);
    const diagnostics = regressor.fit(takeColumns(input.responsesTrain, area.voxels), yTrain);
    const xTest = takeColumns(input.responsesTest, area.voxels);
    const pred = regressor.predict(xTest);
    timings.fit += (performance.now() - t0) / 1000;
    ctx.onProgress?.(++done, total, `map: fit ${area.name}`);
    const alphas = chosenAlphas(diagnostics, yTrain.cols);
    const meanAbsDev = meanAbsoluteDeviation(xTest, columnMeans(input.responsesTrain, area.voxels));
    t0 = performance.now();
    layerNames.forEach((layer, k) => {
      const [c0, c1] = [offsets[k]!, offsets[k + 1]!];
      const ev = evaluatePredictions(columnRange(pred, c0, c1), input.layers.get(layer)!.test, evalOptions);
      const s = ev.metrics.featureR;
      const metric: JsonObject = {
        summaryMetric: "featureR",
        D: c1 - c0,
        nVoxels: area.voxels.length,
        nTest: ev.metrics.nTest,
        ...Object.fromEntries(CELL_SUMMARIES.map((m) => [m, ev.metrics[m] as MetricSummary])),
        voxels: voxelSummary(regressor.model!, area.voxels, meanAbsDev, c0, c1, options.topVoxels ?? 10),
      };
      if (alphas) metric["alphaSummary"] = { ...summariseAlphas(alphas.subarray(c0, c1)) };
      cells.push({ roi: area.name, layer, value: s.value, ci95: s.ci95, nullMean: s.null?.mean ?? null, p: s.p, metric });
      ctx.onProgress?.(++done, total, `map: evaluate ${area.name} x ${layer}`);
    });
    timings.evaluate += (performance.now() - t0) / 1000;
  }
  return { cells, ...tabulate(cells, rows.map((a) => a.name), layerNames), timings };
}

function tabulate(cells: AreaLayerCell[], rows: string[], columns: string[]): Pick<AreaLayerMap, "bestLayerPerArea" | "table"> {
  const at = (r: string, c: string) => cells.find((x) => x.roi === r && x.layer === c)!;
  const grid = <T>(f: (cell: AreaLayerCell) => T) => rows.map((r) => columns.map((c) => f(at(r, c))));
  const bestLayerPerArea = Object.fromEntries(
    rows.map((r) => [r, columns.reduce((best, c) => (at(r, c).value > at(r, best).value ? c : best), columns[0]!)]),
  );
  return {
    bestLayerPerArea,
    table: { rows, columns, metric: "featureR", value: grid((x) => x.value), p: grid((x) => x.p), ciLow: grid((x) => x.ci95?.[0] ?? null), ciHigh: grid((x) => x.ci95?.[1] ?? null) },
  };
}

/** Side-by-side columns of matrices with equal rows. */
function concatColumns(ms: Matrix32[]): Matrix32 {
  const rows = ms[0]!.rows;
  const cols = ms.reduce((s, m) => s + m.cols, 0);
  const out = new Float32Array(rows * cols);
  let c0 = 0;
  for (const m of ms) {
    for (let i = 0; i < rows; i++) out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), i * cols + c0);
    c0 += m.cols;
  }
  return { rows, cols, data: out };
}

/** Mean over rows of |x_iv - mean_v| for x: [n, p] -> [p]. */
function meanAbsoluteDeviation(x: Matrix32, mean: Float64Array): Float64Array {
  const out = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) out[j]! += Math.abs(x.data[i * x.cols + j]! - mean[j]!);
  return out.map((s) => s / x.rows);
}

/**
 * Per-voxel contribution sizes for the layer's columns [c0, c1) of the model: mean over test
 * images of ||(x_iv - x̄_v) W_v,layer||₂ = meanAbsDev_v · ||W_v,layer||₂ (see attribution.ts).
 */
function voxelSummary(model: LinearModel, voxels: Int32Array, meanAbsDev: Float64Array, c0: number, c1: number, top: number): JsonObject {
  const dd = model.coef.cols;
  const sizes = Array.from(voxels, (_, j) => {
    let s = 0;
    for (let d = c0; d < c1; d++) s += model.coef.data[j * dd + d]! ** 2;
    return meanAbsDev[j]! * Math.sqrt(s);
  });
  const totalContribution = sizes.reduce((s, v) => s + v, 0);
  const order = sizes.map((_, j) => j).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  return {
    meanContribution: totalContribution / voxels.length,
    totalContribution,
    top: order.slice(0, top).map((j) => ({ voxel: voxels[j]!, contribution: sizes[j]! })),
  };
}
