import { z } from "zod";
import { EntityName, Index, JsonObject } from "../schema/common.ts";
import { LayerName } from "../schema/feature-set.ts";
import { SolverName } from "../schema/run.ts";

const AreaName = z.string().min(1).max(64);

/**
 * A request to fit and evaluate one run, as queued by `POST /runs` and mirrored by the CLI's
 * `run` flags: `dataset` and `features` are stored names; `layer` defaults to the feature set's
 * last layer; `rois` are area names (absent or empty: all areas together); `options` go to the
 * solver (e.g. `{ alphas: [...] }` for ridge).
 */
export const RunRequest = z
  .object({
    dataset: EntityName,
    features: EntityName,
    layer: LayerName.optional(),
    rois: z.array(AreaName).max(64).optional(),
    solver: SolverName,
    options: JsonObject.default({}),
    seed: Index.default(0),
  })
  .strict();
export type RunRequest = z.infer<typeof RunRequest>;

/**
 * A sweep: one run per (layer, area set) pair. `layers` default to all of the feature set's
 * layers; `roiSets` to each area alone plus all areas together (`[]`).
 */
export const SweepRequest = z
  .object({
    dataset: EntityName,
    features: EntityName,
    layers: z.array(LayerName).min(1).max(64).optional(),
    roiSets: z.array(z.array(AreaName).max(64)).min(1).max(256).optional(),
    solver: SolverName,
    options: JsonObject.default({}),
    seed: Index.default(0),
  })
  .strict();
export type SweepRequest = z.infer<typeof SweepRequest>;

export const JOB_KINDS = ["run", "sweep"] as const;
export const JobKind = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKind>;

/** What a queued job carries. */
export const JobPayload = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("run"), request: RunRequest }),
  z.object({ kind: z.literal("sweep"), request: SweepRequest }),
]);
export type JobPayload = z.infer<typeof JobPayload>;

export const JOB_STATES = [
  "created",
  "retry",
  "active",
  "completed",
  "cancelled",
  "failed",
] as const;

/** Progress a worker reported, as a fraction in [0, 1] with an optional note (e.g. "fold 3/5"). */
export const JobProgress = z.object({
  fraction: z.number().min(0).max(1),
  message: z.string().max(500).nullable(),
  updatedAt: z.date(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/**
 * A job as readers see it. `output` is what the handler returned (e.g. `{ runId }`) once
 * completed, or the error (`{ message }`) once failed; `retryCount` counts earlier attempts.
 */
export const JobStatus = z.object({
  id: z.uuid(),
  kind: JobKind,
  state: z.enum(JOB_STATES),
  request: z.union([RunRequest, SweepRequest]),
  retryCount: z.number().int().nonnegative(),
  retryLimit: z.number().int().nonnegative(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  progress: JobProgress.nullable(),
  output: JsonObject.nullable(),
});
export type JobStatus = z.infer<typeof JobStatus>;
