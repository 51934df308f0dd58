import type { JsonObject, Matrix32 } from "@neurotranslator/data/schema";
import { createSolver } from "../solvers/registry.ts";
import { DEFAULT_ALPHAS } from "../solvers/options.ts";
import { areaMeanVoxelR } from "./area-voxel-r.ts";
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
  /** JSON for MapCell.metric (see runAreaLayerMap for the keys of each direction). */
  metric: JsonObject;
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

/**
 * The encoding direction of the area x layer map: per layer, ONE ridge fit from that layer's
 * standardised training features [nTrain, D] to all mapped voxels [nTrain, V] at once (alpha per
 * voxel from DEFAULT_ALPHAS by GCV or leave-one-out on the training images only; the feature
 * decomposition is shared by every voxel),
 * then per area the mean over its voxels of the test r (areaMeanVoxelR: permutation null over
 * image pairings, percentile bootstrap CI over test images).
 * responsesTrain/Test: [n, V_all]; `voxels`: the columns of every row's area (their union).
 */
export function runEncodingMap(
  responses: { train: Matrix32; test: Matrix32 },
  layers: ReadonlyMap<string, { train: Matrix32; test: Matrix32 }>,
  rows: readonly SelectedArea[],
  voxels: Int32Array,
  options: EncodingMapOptions,
  ctx: PipelineContext,
  onCell?: (label: string) => void,
): { cells: AreaLayerCell[]; timings: { fit: number; evaluate: number } } {
  const position = new Map<number, number>();
  voxels.forEach((col, k) => position.set(col, k));
  const groups = rows.map((a) => Int32Array.from(a.voxels, (col) => position.get(col)!));
  const yTrain = takeColumns(responses.train, voxels);
  const yTest = takeColumns(responses.test, voxels);
  const timings = { fit: 0, evaluate: 0 };
  const cells: AreaLayerCell[] = [];
  for (const [layer, f] of layers) {
    let t0 = performance.now();
    const { pred, alphas } = fitPredict(f, yTrain, options, ctx);
    timings.fit += (performance.now() - t0) / 1000;
    t0 = performance.now();
    const scored = areaMeanVoxelR(pred, yTest, groups, options, ctx.backend);
    rows.forEach((area, a) => {
      const { summary, nValid } = scored.areas[a]!;
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
      if (alphas) metric["alphaSummary"] = { ...summariseAlphas(Float64Array.from(groups[a]!, (k) => alphas[k]!)) };
      cells.push({ roi: area.name, layer, direction: "encoding", value: summary.value, ci95: summary.ci95, nullMean: summary.null?.mean ?? null, p: summary.p, metric });
    });
    timings.evaluate += (performance.now() - t0) / 1000;
    onCell?.(`map: encode ${layer}`);
  }
  return { cells, timings };
}

/** One layer's test predictions [nTest, V] and per-voxel alphas [V]. */
function fitPredict(f: { train: Matrix32; test: Matrix32 }, yTrain: Matrix32, options: EncodingMapOptions, ctx: PipelineContext): { pred: Matrix32; alphas: Float64Array | undefined } {
  if ((options.cv ?? "gcv") === "gcv") return ridgeGcvFitPredict(f.train, yTrain, f.test, DEFAULT_ALPHAS, ctx.backend);
  const regressor = createSolver("ridge-cv", { seed: options.seed, standardizeX: true, ...(options.ridge ?? {}) }, { backend: ctx.backend });
  const diagnostics = regressor.fit(f.train, yTrain);
  return { pred: regressor.predict(f.test), alphas: chosenAlphas(diagnostics, yTrain.cols) };
}
