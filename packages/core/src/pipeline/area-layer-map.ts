import { NtError } from "@neurotranslator/schema";
import type { BestLayerClaim, JsonObject, MapCorrection, Matrix32 } from "@neurotranslator/schema";
import { runDecodingMap } from "./area-layer-decoding.ts";
import { runEncodingMap, type AreaLayerCell } from "./area-layer-encoding.ts";
import { checkPairedShapes } from "./check-input.ts";
import { bestLayerClaim, correctionRecord, maxStatisticAdjust } from "./map-inference.ts";
import type { PipelineContext } from "./run-decoding.ts";
import { selectAreas, type SelectedArea } from "./select-areas.ts";
import type { SolverChoice } from "./solver-setup.ts";

export type { AreaLayerCell } from "./area-layer-encoding.ts";

/** Responses with their areas and one train/test feature pair per layer. */
export interface AreaLayerMapInput {
  responsesTrain: Matrix32;
  responsesTest: Matrix32;
  roi: Int32Array;
  roiNames: readonly string[];
  /** Per layer: train [nTrain, D_layer] and test [nTest, D_layer] features; map order is the column order. */
  layers: ReadonlyMap<string, { train: Matrix32; test: Matrix32 }>;
}

export type MapDirection = "decoding" | "encoding";

export interface AreaLayerMapOptions {
  /** "encoding": layer features -> area voxels; "decoding": area voxels -> layer features; "both" (default). */
  direction?: MapDirection | "both";
  /** Solver of the decoders (the encoding direction always uses ridge-cv, alpha per voxel). */
  solver?: SolverChoice;
  /** Alpha choice of the encoding fits: "gcv" (default, fast) or "loo" (ridge-cv with `encodingRidge` raw options). */
  encodingCv?: "gcv" | "loo";
  encodingRidge?: Record<string, unknown>;
  /** Areas, the map's rows (default: every area with voxels). */
  rois?: readonly string[];
  /** Add a row "all": decoding from / encoding of every selected area together (default false). */
  includeAll?: boolean;
  seed?: number;
  nPermutations?: number;
  nBootstrap?: number;
  /** Top voxels listed per decoding cell (default 10). */
  topVoxels?: number;
}

/** Heatmap-ready: value[row][col] for rows = areas, columns = layers (p and CI bounds alike). */
export interface MapTable {
  rows: string[];
  columns: string[];
  /** "encodingR": mean over the area's voxels of the test r; "featureR": mean over the layer's features of the test r. */
  metric: "encodingR" | "featureR";
  value: number[][];
  p: (number | null)[][];
  /** p corrected for the table's family of cells (FWE, max-statistic; see `correction`). */
  pAdjusted: (number | null)[][];
  ciLow: (number | null)[][];
  ciHigh: (number | null)[][];
}

/** One direction's results: its table, the correction of its p-values, and the best layer per area. */
export interface MapDirectionResult {
  /** Per area, the layer of highest value (kept for compatibility: it is NOT a claim; see bestLayer). */
  bestLayerPerArea: Record<string, string>;
  /** Per area, the highest layer with its paired comparison to the others: claimed only when `distinguishable`. */
  bestLayer: Record<string, BestLayerClaim>;
  table: MapTable;
  /** How the table's pAdjusted were computed (each summary metric of the cells is its own family). */
  correction: MapCorrection;
}

export interface AreaLayerMap {
  /** Every cell of every direction computed (encoding cells first). */
  cells: AreaLayerCell[];
  /** The direction that answers "which layer does this area encode": encoding when computed, else decoding. */
  primary: MapDirection;
  /** Per area, the layer of highest value in the primary direction (not a claim: see bestLayer). */
  bestLayerPerArea: Record<string, string>;
  /** Per area, the primary direction's best-layer claim ("not distinguishable" when distinguishable is false). */
  bestLayer: Record<string, BestLayerClaim>;
  /** The primary direction's table. */
  table: MapTable;
  /** Each computed direction's table, correction and best layers. */
  directions: Partial<Record<MapDirection, MapDirectionResult>>;
  /** One MapCell per (area, layer) with both directions' metrics (see storedCells). */
  mapCells: { roi: string; layer: string; metric: JsonObject }[];
  /** Seconds: fit and evaluate of the decoders (all areas) and of the encoding models (all layers). */
  timings: { fit: number; evaluate: number; encodingFit: number; encodingEvaluate: number };
}

/**
 * The area x layer map, in both directions by default.
 *
 * Encoding (runEncodingMap): per layer one ridge-cv from the layer's features to every mapped
 * voxel; a cell is the mean over the area's voxels of the test r. Decoding (runDecodingMap): per
 * area one ridge-cv from its voxels to all layers' features; a cell is the mean per-feature test r.
 *
 * Why the best layer comes from ENCODING: a decoding score depends on the layer as well as on the
 * area. A low-dimensional, spatially smooth early layer is easy to predict from almost any area,
 * so decoding accuracy ranks layers by how predictable they are, not by what the area carries.
 * Encoding asks the question the other way round (Kay et al. 2008; Güçlü & van Gerven 2015): how
 * much of THIS area's voxel variance does each layer explain; the same voxels are the targets in
 * every column, so the layers compete on equal terms.
 */
export function runAreaLayerMap(
  input: AreaLayerMapInput,
  options: AreaLayerMapOptions,
  ctx: PipelineContext,
): AreaLayerMap {
  const layerNames = [...input.layers.keys()];
  if (layerNames.length === 0) throw new NtError("BAD_INPUT", "area x layer map: no layers given");
  const direction = options.direction ?? "both";
  if (!["both", "encoding", "decoding"].includes(direction))
    throw new NtError(
      "BAD_INPUT",
      `area x layer map: direction must be "encoding", "decoding" or "both", got "${String(direction)}"`,
    );
  for (const [name, f] of input.layers)
    checkPairedShapes(
      { train: input.responsesTrain, test: input.responsesTest },
      f,
      input.roi,
      `layer "${name}"`,
    );
  const selection = selectAreas(input.roi, input.roiNames, options.rois ?? []);
  const rows: SelectedArea[] = [...selection.areas];
  if (options.includeAll) rows.push({ name: "all", code: -1, voxels: selection.voxels });
  const seed = options.seed ?? 0;
  const resamples = {
    seed,
    nPermutations: options.nPermutations ?? 1000,
    nBootstrap: options.nBootstrap ?? 1000,
  };
  const responses = { train: input.responsesTrain, test: input.responsesTest };
  const encode = direction !== "decoding";
  const decode = direction !== "encoding";
  const total = (encode ? layerNames.length : 0) + (decode ? rows.length : 0);
  let done = 0;
  const onCell = (label: string) => ctx.onProgress?.({ stage: label, done: ++done, total });

  const timings = { fit: 0, evaluate: 0, encodingFit: 0, encodingEvaluate: 0 };
  const cells: AreaLayerCell[] = [];
  const directions: AreaLayerMap["directions"] = {};
  const names = rows.map((a) => a.name);
  if (encode) {
    const enc = runEncodingMap(
      { responses, layers: input.layers, rows, voxels: selection.voxels },
      {
        ...resamples,
        cv: options.encodingCv ?? "gcv",
        ...(options.encodingRidge ? { ridge: options.encodingRidge } : {}),
      },
      ctx,
      onCell,
    );
    cells.push(...enc.cells);
    [timings.encodingFit, timings.encodingEvaluate] = [enc.timings.fit, enc.timings.evaluate];
    directions.encoding = infer(enc.cells, names, layerNames, "encodingR", resamples.nPermutations);
  }
  if (decode) {
    const dec = runDecodingMap(
      responses,
      input.layers,
      rows,
      { solver: options.solver, ...resamples, topVoxels: options.topVoxels ?? 10 },
      ctx,
      onCell,
    );
    cells.push(...dec.cells);
    [timings.fit, timings.evaluate] = [dec.timings.fit, dec.timings.evaluate];
    directions.decoding = infer(dec.cells, names, layerNames, "featureR", resamples.nPermutations);
  }
  const primary: MapDirection = encode ? "encoding" : "decoding";
  const { bestLayerPerArea, bestLayer, table } = directions[primary]!;
  return {
    cells,
    primary,
    bestLayerPerArea,
    bestLayer,
    table,
    directions,
    mapCells: storedCells(cells, primary, directions),
    timings,
  };
}

/**
 * Corrects one direction's cells (each summary metric of the cells is a family: pAdjusted written
 * into its MetricSummary in `metric`, and the summary metric's onto the cell), then tabulates it
 * and makes the best-layer claim of every area.
 */
function infer(
  cells: AreaLayerCell[],
  rows: string[],
  columns: string[],
  metric: MapTable["metric"],
  nPermutations: number,
): MapDirectionResult {
  const keys = Object.keys(cells[0]?.samples ?? {});
  let nCells = 0;
  for (const key of keys) {
    const observed = cells.map((c) => (c.metric[key] as { value?: number } | undefined)?.value ?? NaN);
    const adjusted = maxStatisticAdjust(
      observed,
      cells.map((c) => c.samples?.[key]?.nulls ?? null),
    );
    cells.forEach((c, k) => {
      (c.metric[key] as JsonObject)["pAdjusted"] = adjusted[k]!;
      if (key === metric) c.pAdjusted = adjusted[k]!;
    });
    if (key === metric) nCells = adjusted.filter((p) => p !== null).length;
  }
  const correction = correctionRecord(nCells, nPermutations);
  const at = (r: string, c: string) => cells.find((x) => x.roi === r && x.layer === c)!;
  const bestLayer = Object.fromEntries(
    rows.map((r) => [
      r,
      bestLayerClaim(
        columns.map((c) => ({
          layer: c,
          value: at(r, c).value,
          replicates: at(r, c).samples?.[metric]?.replicates ?? null,
        })),
      ),
    ]),
  );
  return { ...tabulate(cells, rows, columns, metric), bestLayer, correction };
}

/**
 * One MapCell metric per (area, layer) holding both directions: the decoding summaries stay at the
 * top level (featureR, sampleR, ... as before), the encoding cell adds `encodingR` (a MetricSummary,
 * so viewers list it with the other summaries) and its details under `encoding`; `summaryMetric`
 * names the primary direction's summary, `direction` the primary direction.
 */
function storedCells(
  cells: AreaLayerCell[],
  primary: MapDirection,
  directions: AreaLayerMap["directions"],
): AreaLayerMap["mapCells"] {
  const merged = new Map<string, { roi: string; layer: string; metric: JsonObject }>();
  for (const c of cells) {
    const key = JSON.stringify([c.roi, c.layer]);
    const entry = merged.get(key) ?? { roi: c.roi, layer: c.layer, metric: {} };
    if (c.direction === "decoding") {
      entry.metric = { ...c.metric, ...entry.metric };
    } else {
      const { encodingR, summaryMetric: _s, direction: _d, ...details } = c.metric;
      entry.metric = { ...entry.metric, encodingR: encodingR ?? null, encoding: details };
    }
    entry.metric["summaryMetric"] = primary === "encoding" ? "encodingR" : "featureR";
    entry.metric["direction"] = primary;
    entry.metric["corrections"] = Object.fromEntries(
      Object.entries(directions).map(([d, r]) => [d, { ...r.correction }]),
    );
    const claims = Object.entries(directions).filter(([, r]) => r.bestLayer[c.roi]?.layer === c.layer);
    if (claims.length > 0)
      entry.metric["bestLayer"] = Object.fromEntries(claims.map(([d, r]) => [d, { ...r.bestLayer[c.roi]! }]));
    merged.set(key, entry);
  }
  return [...merged.values()];
}

function tabulate(
  cells: AreaLayerCell[],
  rows: string[],
  columns: string[],
  metric: MapTable["metric"],
): { bestLayerPerArea: Record<string, string>; table: MapTable } {
  const at = (r: string, c: string) => cells.find((x) => x.roi === r && x.layer === c)!;
  const grid = <T>(f: (cell: AreaLayerCell) => T) => rows.map((r) => columns.map((c) => f(at(r, c))));
  // NaN (an area without valid voxels) never wins.
  const score = (r: string, c: string) => (Number.isNaN(at(r, c).value) ? -Infinity : at(r, c).value);
  const bestLayerPerArea = Object.fromEntries(
    rows.map((r) => [r, columns.reduce((best, c) => (score(r, c) > score(r, best) ? c : best), columns[0]!)]),
  );
  return {
    bestLayerPerArea,
    table: {
      rows,
      columns,
      metric,
      value: grid((x) => x.value),
      p: grid((x) => x.p),
      pAdjusted: grid((x) => x.pAdjusted ?? null),
      ciLow: grid((x) => x.ci95?.[0] ?? null),
      ciHigh: grid((x) => x.ci95?.[1] ?? null),
    },
  };
}
