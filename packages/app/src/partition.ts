import type { LinalgBackend, VariancePartition } from "@neurotranslator/core";
import type { JsonObject, Matrix32, NdArray } from "@neurotranslator/data";
import type { ProgressCallback } from "@neurotranslator/schema";

/** `map --joint`: a banded ridge model over the mapped layers per area, and its variance partition. */
export interface JointSpec {
  /** Band weights and alpha per voxel (default) or per area. */
  weights: "voxel" | "area";
  /** Band-weight samples of the random search. */
  samples: number;
}

/** What `map --joint` prints and returns: every area's partition, without the per-voxel values (those are the run array "partition"). */
export type PartitionSummary = Omit<VariancePartition, "voxels">;

/** The partition's parts as stored: a metric block per (area, layer) cell, the per-voxel array and its row names. */
export interface StoredPartition {
  summary: PartitionSummary;
  cellMetric(roi: string, layer: string): JsonObject | undefined;
  array: NdArray;
  rows: string[];
}

/**
 * Runs the variance partition on the map's inputs (core runVariancePartition) with the map's seed,
 * permutations and bootstrap resamples, and lays it out for storage: cell (area, layer) gets
 * `partition` = { layer's unique / shared / alone summaries and band weight, the area's joint R²,
 * sharedTotal and uniqueLayers, the search and the corrections }, and the per-voxel values go to
 * one float32 array [rows, nVoxels of the dataset] (NaN outside the mapped areas).
 */
export async function computePartition(
  input: {
    responsesTrain: Matrix32;
    responsesTest: Matrix32;
    roi: Int32Array;
    roiNames: readonly string[];
    layers: ReadonlyMap<string, { train: Matrix32; test: Matrix32 }>;
  },
  spec: JointSpec & { rois: readonly string[]; seed: number; permutations: number; bootstrap: number },
  backend: LinalgBackend,
  onProgress?: ProgressCallback,
): Promise<StoredPartition> {
  const core = await import("@neurotranslator/core/analysis");
  const result = core.runVariancePartition(
    input,
    {
      rois: spec.rois,
      weights: spec.weights,
      nSamples: spec.samples,
      seed: spec.seed,
      nPermutations: spec.permutations,
      nBootstrap: spec.bootstrap,
    },
    { backend, ...(onProgress ? { onProgress } : {}) },
  );
  const { voxels, ...summary } = result;
  const rows = [
    "joint",
    "alpha",
    ...result.layers.flatMap((l) => ["unique", "shared", "alone", "weight"].map((q) => `${q}:${l}`)),
  ];
  const nVoxels = input.roi.length;
  const data = new Float32Array(rows.length * nVoxels).fill(NaN);
  const put = (row: number, values: Float64Array) =>
    voxels.voxel.forEach((col, k) => (data[row * nVoxels + col] = values[k]!));
  put(0, voxels.joint);
  put(1, voxels.alpha);
  result.layers.forEach((_, b) =>
    [voxels.unique[b]!, voxels.shared[b]!, voxels.alone[b]!, voxels.weight[b]!].forEach((values, q) =>
      put(2 + 4 * b + q, values),
    ),
  );
  const shared = {
    search: { ...summary.search },
    corrections: json(summary.corrections),
    order: { areas: summary.areas.map((a) => a.roi), layers: summary.layers },
  };
  return {
    summary,
    rows,
    array: { dtype: "float32", shape: [rows.length, nVoxels], data },
    cellMetric(roi, layer) {
      const area = summary.areas.find((a) => a.roi === roi);
      const entry = area?.layers.find((l) => l.layer === layer);
      if (!area || !entry) return undefined;
      return json({
        ...entry,
        joint: area.joint,
        sharedTotal: area.sharedTotal,
        uniqueLayers: area.uniqueLayers,
        nVoxels: area.nVoxels,
        nValidVoxels: area.nValidVoxels,
        ...shared,
      });
    },
  };
}

/** A plain JSON copy (NaN becomes null, as JSON has no NaN). */
function json<T>(x: T): JsonObject {
  return JSON.parse(
    JSON.stringify(x, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v)),
  ) as JsonObject;
}
