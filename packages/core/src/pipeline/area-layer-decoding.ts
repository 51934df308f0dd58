import type { JsonObject, Matrix32, MetricSummary } from "@neurotranslator/schema";
import { evaluatePredictions } from "../metrics/evaluate.ts";
import type { LinearModel } from "../solvers/types.ts";
import { columnMeans } from "./attribution.ts";
import type { AreaLayerCell } from "./area-layer-encoding.ts";
import type { PipelineContext } from "./run-decoding.ts";
import { columnRange, takeColumns, type SelectedArea } from "./select-areas.ts";
import { buildRegressor, chosenAlphas, summariseAlphas, type SolverChoice } from "./solver-setup.ts";

export interface DecodingMapOptions {
  solver?: SolverChoice | undefined;
  seed: number;
  nPermutations: number;
  nBootstrap: number;
  topVoxels: number;
}

const CELL_SUMMARIES = [
  "featureR",
  "sampleR",
  "r2",
  "cosine",
  "identification",
  "pairwise",
  "rankPercentile",
] as const;

/**
 * The decoding direction of the area x layer map: one decoder per (area, layer), each area's
 * voxels -> that layer's features.
 *
 * Efficiency: every solver in the registry fits each target (feature) independently, with
 * column-wise preprocessing and per-target alphas, so decoding all layers at once from the
 * concatenated targets [nTrain, Σ D_layer] gives exactly the per-layer decoders while the area's
 * kernel / eigendecomposition (or Gram matrix) is computed once per area, not once per cell.
 *
 * Every cell is evaluated with the same seed and test images, so all cells share the permutation
 * pairings and bootstrap resamples (evaluatePredictions draws them from (seed, nTest) only): the
 * map's max-statistic correction and paired best-layer comparison rely on that.
 *
 * Summary metric: mean per-feature r (each feature correlated across test images). Per-image
 * sample r is reported too, but it rewards predicting the layer's mean profile (which the
 * intercept alone does for every area), so it separates areas poorly.
 */
export function runDecodingMap(
  responses: { train: Matrix32; test: Matrix32 },
  layers: ReadonlyMap<string, { train: Matrix32; test: Matrix32 }>,
  rows: readonly SelectedArea[],
  options: DecodingMapOptions,
  ctx: PipelineContext,
  onCell?: (label: string) => void,
): { cells: AreaLayerCell[]; timings: { fit: number; evaluate: number } } {
  const layerNames = [...layers.keys()];
  const seed = options.seed;
  const evalOptions = {
    nPermutations: options.nPermutations,
    nBootstrap: options.nBootstrap,
    seed,
    backend: ctx.backend,
  };
  const offsets: number[] = [0];
  for (const name of layerNames) offsets.push(offsets[offsets.length - 1]! + layers.get(name)!.train.cols);
  const yTrain = concatColumns(layerNames.map((n) => layers.get(n)!.train));
  const cells: AreaLayerCell[] = [];
  const timings = { fit: 0, evaluate: 0 };
  for (const area of rows) {
    let t0 = performance.now();
    // The map reports its own progress per cell: a solver's events would restart the bar.
    const regressor = buildRegressor(options.solver, seed, { backend: ctx.backend });
    const diagnostics = regressor.fit(takeColumns(responses.train, area.voxels), yTrain);
    const xTest = takeColumns(responses.test, area.voxels);
    const pred = regressor.predict(xTest);
    timings.fit += (performance.now() - t0) / 1000;
    onCell?.(`map: decode from ${area.name}`);
    const alphas = chosenAlphas(diagnostics, yTrain.cols);
    const grid = "alphaGrid" in diagnostics ? diagnostics.alphaGrid : undefined;
    const meanAbsDev = meanAbsoluteDeviation(xTest, columnMeans(responses.train, area.voxels));
    t0 = performance.now();
    layerNames.forEach((layer, k) => {
      const [c0, c1] = [offsets[k]!, offsets[k + 1]!];
      const { train, test } = layers.get(layer)!;
      const ev = evaluatePredictions(columnRange(pred, c0, c1), test, {
        ...evalOptions,
        trainingMean: columnMeans(
          train,
          Int32Array.from({ length: c1 - c0 }, (_, d) => d),
        ),
      });
      const s = ev.metrics.featureR;
      const metric: JsonObject = {
        summaryMetric: "featureR",
        direction: "decoding",
        D: c1 - c0,
        nVoxels: area.voxels.length,
        nTest: ev.metrics.nTest,
        ...Object.fromEntries(CELL_SUMMARIES.map((m) => [m, ev.metrics[m] as MetricSummary])),
        ...(ev.metrics.constantBaseline ? { constantBaseline: { ...ev.metrics.constantBaseline } } : {}),
        voxels: voxelSummary(regressor.model!, area.voxels, meanAbsDev, c0, c1, options.topVoxels),
      };
      if (alphas)
        metric["alphaSummary"] = {
          ...summariseAlphas(alphas.subarray(c0, c1)),
          ...(grid ? edgeCounts(alphas.subarray(c0, c1), grid) : {}),
        };
      if ("alphaRule" in diagnostics && diagnostics.alphaRule) metric["alphaRule"] = diagnostics.alphaRule;
      const samples = Object.fromEntries(
        CELL_SUMMARIES.map((m) => [
          m,
          { nulls: ev.nullSamples?.[m] ?? null, replicates: ev.bootstrapSamples?.[m] ?? null },
        ]),
      );
      cells.push({
        roi: area.name,
        layer,
        direction: "decoding",
        value: s.value,
        ci95: s.ci95,
        nullMean: s.null?.mean ?? null,
        p: s.p,
        metric,
        samples,
      });
    });
    timings.evaluate += (performance.now() - t0) / 1000;
  }
  return { cells, timings };
}

/** Features whose chosen alpha is the grid's smallest / largest. */
function edgeCounts(
  alphas: Float64Array,
  grid: readonly number[],
): { atLowEdge: number; atHighEdge: number } {
  const [lo, hi] = [Math.min(...grid), Math.max(...grid)];
  let atLowEdge = 0;
  let atHighEdge = 0;
  for (const a of alphas) {
    if (grid.length > 1 && a === lo) atLowEdge++;
    else if (grid.length > 1 && a === hi) atHighEdge++;
  }
  return { atLowEdge, atHighEdge };
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
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.cols; j++) out[j]! += Math.abs(x.data[i * x.cols + j]! - mean[j]!);
  return out.map((s) => s / x.rows);
}

/**
 * Per-voxel contribution sizes for the layer's columns [c0, c1) of the model: mean over test
 * images of ||(x_iv - x̄_v) W_v,layer||₂ = meanAbsDev_v · ||W_v,layer||₂ (see attribution.ts).
 */
function voxelSummary(
  model: LinearModel,
  voxels: Int32Array,
  meanAbsDev: Float64Array,
  c0: number,
  c1: number,
  top: number,
): JsonObject {
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
