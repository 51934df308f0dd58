import type { JsonObject, Matrix32 } from "@neurotranslator/schema";
import { diagnosticsOf } from "../solvers/diagnostics.ts";
import { createSolver } from "../solvers/registry.ts";
import type { AlphaEdges } from "../solvers/alpha-grid.ts";
import { areaMeanVoxelR, drawResamples } from "./area-voxel-r.ts";
import { ridgeGcvFitPredict } from "./layer-ridge-gcv.ts";
import type { PipelineContext } from "./run-decoding.ts";
import { takeColumns, type SelectedArea } from "./select-areas.ts";
import { chosenAlphas, summariseAlphas } from "./solver-setup.ts";

/** One (area, layer) cell of either direction, shaped for MapCell (roi, layer, metric). */
export interface AreaLayerCell {
  roi: string;
  layer: string;
  /** "decoding": area voxels -> layer features (mean per-feature r); "encoding": layer features -> area voxels (mean per-voxel r). */
  direction: "decoding" | "encoding";
  value: number;
  ci95: [number, number] | null;
  nullMean: number | null;
  p: number | null;
  /** p corrected over the direction's cells (FWE, max-statistic); set by runAreaLayerMap, null when not computed. */
  pAdjusted?: number | null;
  /** JSON for MapCell.metric (see runAreaLayerMap for the keys of each direction). */
  metric: JsonObject;
  /**
   * In memory only, per summary metric of the cell (the key in `metric`): its permutation-null
   * samples and bootstrap replicates, drawn with the same permutations and resamples for every
   * cell of the direction (the map's max-statistic correction and paired best-layer test use them).
   */
  samples?: Record<string, { nulls: Float64Array | null; replicates: Float64Array | null }>;
}

export interface EncodingMapOptions {
  seed: number;
  nPermutations: number;
  nBootstrap: number;
  /**
   * Alpha choice per voxel: "gcv" (default; generalised CV, see ridgeGcvFitPredict: about 20x cheaper
   * at Kay size) or "loo" (the registry's ridge-cv, exact leave-one-out, with `ridge` raw options).
   */
  cv?: "gcv" | "loo";
  ridge?: Record<string, unknown>;
}

/** What the encoding direction maps: responses and layer features (train/test) and the areas. */
export interface EncodingMapInput {
  /** [n, V_all] each. */
  responses: { train: Matrix32; test: Matrix32 };
  layers: ReadonlyMap<string, { train: Matrix32; test: Matrix32 }>;
  rows: readonly SelectedArea[];
  /** The columns of every row's area (their union). */
  voxels: Int32Array;
}

/**
 * The encoding direction of the area x layer map: per layer, ONE ridge fit from that layer's
 * standardised training features [nTrain, D] to all mapped voxels [nTrain, V] at once (alpha per
 * voxel from the relative default grid, DEFAULT_RELATIVE_ALPHAS times the mean eigenvalue of the
 * layer's XᵀX, by GCV or leave-one-out on the training images only; the feature decomposition is
 * shared by every voxel),
 * then per area the mean over its voxels of the test r (areaMeanVoxelR: permutation null over
 * image pairings, percentile bootstrap CI over test images). The permutations and resamples are
 * drawn once and applied to every cell.
 */
export function runEncodingMap(
  input: EncodingMapInput,
  options: EncodingMapOptions,
  ctx: PipelineContext,
  onCell?: (label: string) => void,
): { cells: AreaLayerCell[]; timings: { fit: number; evaluate: number } } {
  const { responses, layers, rows, voxels } = input;
  const position = new Map<number, number>();
  voxels.forEach((col, k) => position.set(col, k));
  const groups = rows.map((a) => Int32Array.from(a.voxels, (col) => position.get(col)!));
  const yTrain = takeColumns(responses.train, voxels);
  const yTest = takeColumns(responses.test, voxels);
  const timings = { fit: 0, evaluate: 0 };
  const cells: AreaLayerCell[] = [];
  const draws = drawResamples(yTest.rows, options.nPermutations, options.nBootstrap, options.seed);
  for (const [layer, f] of layers) {
    let t0 = performance.now();
    const { pred, alphas, alphaRule } = fitPredict(f, yTrain, options, ctx);
    timings.fit += (performance.now() - t0) / 1000;
    t0 = performance.now();
    const scored = areaMeanVoxelR(pred, yTest, groups, { ...options, draws }, ctx.backend);
    rows.forEach((area, a) => {
      const { summary, nValid, nulls, replicates } = scored.areas[a]!;
      const metric: JsonObject = {
        summaryMetric: "encodingR",
        direction: "encoding",
        D: f.train.cols,
        nVoxels: area.voxels.length,
        nValidVoxels: nValid,
        nTest: yTest.rows,
        encodingR: { ...summary },
        ci95Over: "test images",
        alphaChoice: options.cv ?? "gcv",
        nPermutations: options.nPermutations,
      };
      if (alphas)
        metric["alphaSummary"] = {
          ...summariseAlphas(Float64Array.from(groups[a]!, (k) => alphas.chosen[k]!)),
          ...alphaEdgesOf(alphas, groups[a]!),
        };
      if (alphaRule) metric["alphaRule"] = alphaRule;
      cells.push({
        roi: area.name,
        layer,
        direction: "encoding",
        value: summary.value,
        ci95: summary.ci95,
        nullMean: summary.null?.mean ?? null,
        p: summary.p,
        metric,
        samples: { encodingR: { nulls, replicates } },
      });
    });
    timings.evaluate += (performance.now() - t0) / 1000;
    onCell?.(`map: encode ${layer}`);
  }
  return { cells, timings };
}

/** Chosen alphas [V] of one layer's fit with the grid's ends (edges of an area = its voxels at either end). */
interface LayerAlphas {
  chosen: Float64Array;
  lowest: number;
  highest: number;
}

/** An area's voxels whose alpha is the grid's smallest / largest (undetermined voxels are counted with the edges here). */
function alphaEdgesOf(alphas: LayerAlphas, voxels: Int32Array): Pick<AlphaEdges, "atLowEdge" | "atHighEdge"> {
  let atLowEdge = 0;
  let atHighEdge = 0;
  for (const k of voxels) {
    if (alphas.chosen[k] === alphas.lowest) atLowEdge++;
    else if (alphas.chosen[k] === alphas.highest) atHighEdge++;
  }
  return { atLowEdge, atHighEdge };
}

/** One layer's test predictions [nTest, V], per-voxel alphas [V] and how the grid was made. */
function fitPredict(
  f: { train: Matrix32; test: Matrix32 },
  yTrain: Matrix32,
  options: EncodingMapOptions,
  ctx: PipelineContext,
): { pred: Matrix32; alphas: LayerAlphas | undefined; alphaRule: JsonObject | undefined } {
  const ridge = options.ridge ?? {};
  if ((options.cv ?? "gcv") === "gcv") {
    const fit = ridgeGcvFitPredict(f.train, yTrain, f.test, {}, ctx.backend);
    return {
      pred: fit.pred,
      alphas: { chosen: fit.alphas, lowest: Math.min(...fit.grid), highest: Math.max(...fit.grid) },
      alphaRule: { ...fit.rule },
    };
  }
  const regressor = createSolver(
    "ridge-cv",
    { seed: options.seed, standardizeX: true, ...ridge },
    { backend: ctx.backend },
  );
  const diagnostics = diagnosticsOf(regressor.fit(f.train, yTrain), "ridge-cv");
  const chosen = chosenAlphas(diagnostics, yTrain.cols);
  const { alphaGrid } = diagnostics;
  return {
    pred: regressor.predict(f.test),
    alphas: chosen ? { chosen, lowest: Math.min(...alphaGrid), highest: Math.max(...alphaGrid) } : undefined,
    alphaRule: diagnostics.alphaRule,
  };
}
