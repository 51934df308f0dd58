import { NtError } from "@neurotranslator/data/errors";
import { progressShare, shareProgress } from "@neurotranslator/schema";
import type { AreaLayerMap } from "@neurotranslator/core";
import type { Matrix32, NewMapCell, Run, Store } from "@neurotranslator/data";
import { computeRun, planRun, type RunPlan, type RunServiceOptions, type RunSpecInput } from "./run.ts";
import { computePartition, type JointSpec, type PartitionSummary } from "./partition.ts";
import { loadLayer, loadResponses } from "./run-inputs.ts";

/** An area x layer map request: the run flags, with several layers (default: all of the feature set's). */
export type MapSpecInput = Omit<RunSpecInput, "layer"> & { layers?: string[]; joint?: JointSpec };

export interface MapPlan {
  /** The reference decoding run stored with the map: all mapped areas together -> the last mapped layer. */
  reference: RunPlan;
  layers: string[];
  /** The map's rows (default: every area with voxels). */
  areas: string[];
  /** Also fit a banded ridge model over the layers per area and partition its variance (map --joint). */
  joint?: JointSpec;
}

export interface MapOutcome {
  run: Run;
  /**
   * `table` / `bestLayer` / `bestLayerPerArea`: the primary (encoding) direction; `directions`: both,
   * each with its table (p and FWE-corrected pAdjusted), correction and best-layer claims.
   */
  map: Pick<
    AreaLayerMap,
    "primary" | "bestLayerPerArea" | "bestLayer" | "table" | "directions" | "timings"
  > & {
    cells: {
      roi: string;
      layer: string;
      direction: "decoding" | "encoding";
      value: number;
      ci95: [number, number] | null;
      nullMean: number | null;
      p: number | null;
      pAdjusted: number | null;
    }[];
  };
  classifierNote?: string;
  /** map --joint: per area the joint R², each layer's unique and shared variance, band weights (per-voxel values: run array "partition"). */
  partition?: PartitionSummary;
}

/** Validates names, layers, areas and solver options before anything is computed. */
export async function planMap(store: Store, spec: MapSpecInput): Promise<MapPlan> {
  const { layers: wanted, joint, ...rest } = spec;
  const probe = await planRun(store, rest);
  const layers = wanted && wanted.length > 0 ? wanted : probe.target.featureSet.layers;
  const unknown = layers.filter((l) => !probe.target.featureSet.layers.includes(l));
  if (unknown.length > 0) {
    throw new NtError(
      "NOT_FOUND",
      `feature set "${probe.target.featureSet.name}" has no layer ${unknown.map((l) => `"${l}"`).join(", ")}; its layers: ${probe.target.featureSet.layers.join(", ")}`,
    );
  }
  if (new Set(layers).size !== layers.length)
    throw new NtError("BAD_INPUT", `--layers repeats a layer: ${layers.join(", ")}`);
  const reference = await planRun(store, { ...rest, layer: layers[layers.length - 1]! });
  const areas = reference.spec.rois.length > 0 ? reference.spec.rois : reference.target.areas;
  return { reference, layers, areas, ...(joint ? { joint } : {}) };
}

/**
 * The area x layer map in both directions via runAreaLayerMap: encoding (one ridge-cv per layer
 * predicting every mapped voxel; cell = mean voxel test r over the area) and decoding (one decoder
 * per area; cell = mean per-feature test r), each with permutation null, p, the p corrected over the
 * map's cells (FWE, max-statistic) and bootstrap CI. The best layer per area comes from encoding (see
 * runAreaLayerMap for why) and is claimed only when a paired bootstrap separates it from the others. Stored in ONE transaction as a
 * run whose record is the reference decoding (all mapped areas -> last mapped layer) and whose map
 * cells hold both directions per (area, layer).
 */
export async function executeMap(
  store: Store,
  plan: MapPlan,
  options: RunServiceOptions = {},
): Promise<MapOutcome> {
  const core = await import("@neurotranslator/core/analysis");
  const backend = options.backend ?? core.selectLinalgBackend();
  const { spec, target } = plan.reference;
  const responses = await loadResponses(store, target.dataset);
  const layers = new Map<string, { train: Matrix32; test: Matrix32 }>();
  for (const layer of plan.layers) layers.set(layer, await loadLayer(store, target.featureSet, layer));
  const map = core.runAreaLayerMap(
    { ...responses, layers },
    {
      solver: { name: spec.solver, options: spec.options },
      rois: plan.areas,
      seed: spec.seed,
      nPermutations: spec.permutations,
      nBootstrap: spec.bootstrap,
    },
    {
      backend,
      onProgress: (event) =>
        options.onProgress?.(shareProgress(event.stage, (plan.joint ? 0.5 : 0.8) * progressShare(event))),
    },
  );
  const partition = plan.joint
    ? await computePartition(
        { ...responses, layers },
        {
          ...plan.joint,
          rois: plan.areas,
          seed: spec.seed,
          permutations: spec.permutations,
          bootstrap: spec.bootstrap,
        },
        backend,
        (event) => options.onProgress?.(shareProgress(event.stage, 0.5 + 0.3 * progressShare(event))),
      )
    : undefined;
  const { input, classifierNote } = await computeRun(store, plan.reference, {
    ...options,
    backend,
    onProgress: (event) =>
      options.onProgress?.(shareProgress(`reference run: ${event.stage}`, 0.8 + 0.2 * progressShare(event))),
  });
  // value/ci95/nullMean/p/pAdjusted at the top: the primary direction's, as the cells' `summaryMetric` says.
  const mapCells: NewMapCell[] = map.mapCells.map((c) => {
    const s = map.cells.find((x) => x.direction === map.primary && x.roi === c.roi && x.layer === c.layer)!;
    const joint = partition?.cellMetric(c.roi, c.layer);
    return {
      roi: c.roi,
      layer: c.layer,
      metric: {
        ...c.metric,
        value: s.value,
        ci95: s.ci95,
        nullMean: s.nullMean,
        p: s.p,
        pAdjusted: s.pAdjusted ?? null,
        ...(joint ? { partition: joint } : {}),
      },
    };
  });
  const t = map.timings;
  input.run.timings = {
    ...input.run.timings,
    mapFit: t.fit,
    mapEvaluate: t.evaluate,
    mapEncodingFit: t.encodingFit,
    mapEncodingEvaluate: t.encodingEvaluate,
  };
  if (partition) {
    input.run.timings = {
      ...input.run.timings,
      partitionFit: partition.summary.timings.fit,
      partitionEvaluate: partition.summary.timings.evaluate,
    };
    input.run.metrics = { ...input.run.metrics, partitionRows: partition.rows };
    input.arrays = { ...input.arrays, partition: partition.array };
  }
  const run = await store.transaction((tx) => tx.runs.create({ ...input, mapCells }));
  return {
    run,
    map: {
      cells: map.cells.map(({ roi, layer, direction, value, ci95, nullMean, p, pAdjusted }) => ({
        roi,
        layer,
        direction,
        value,
        ci95,
        nullMean,
        p,
        pAdjusted: pAdjusted ?? null,
      })),
      primary: map.primary,
      bestLayerPerArea: map.bestLayerPerArea,
      bestLayer: map.bestLayer,
      table: map.table,
      directions: map.directions,
      timings: map.timings,
    },
    ...(classifierNote === undefined ? {} : { classifierNote }),
    ...(partition ? { partition: partition.summary } : {}),
  };
}
