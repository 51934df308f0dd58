import { z } from "zod";
import {
  AreaName,
  EntityName,
  Index,
  JsonObject,
  LayerName,
  RunRequest,
  SolverName,
  SolverOptions,
} from "@neurotranslator/schema";

// Run parameters are defined once, in the schema package; these names stay for existing imports.
export { MAX_OPTIONS_DEPTH, RunRequest, SolverOptions as RequestOptions } from "@neurotranslator/schema";

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
    options: SolverOptions.default({}),
    seed: Index.default(0),
  })
  .strict();
export type SweepRequest = z.infer<typeof SweepRequest>;

export const JOB_KINDS = ["run", "sweep"] as const;
export const JobKind = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKind>;

/** The API token a job was queued with (its id and name; never the secret). */
export const QueuedBy = z.object({ tokenId: z.uuid(), name: EntityName });
export type QueuedBy = z.infer<typeof QueuedBy>;

/** What a queued job carries. `queuedBy` is absent for jobs queued before it was recorded. */
export const JobPayload = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("run"), request: RunRequest, queuedBy: QueuedBy.optional() }),
  z.object({ kind: z.literal("sweep"), request: SweepRequest, queuedBy: QueuedBy.optional() }),
]);
export type JobPayload = z.infer<typeof JobPayload>;

export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const;

/**
 * A job's latest progress, as stored and served: the share in [0, 1] and a note (e.g. "fold 3/5").
 * Built from the worker's progress event (jobProgressOf), but its own record: it is a database row
 * and part of the API's JobStatus, so it keeps its persisted fields while the event may grow.
 */
export const JobProgress = z.object({
  fraction: z.number().min(0).max(1),
  message: z.string().max(500).nullable(),
  updatedAt: z.date(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/**
 * A job as readers see it. `output` is what the handler returned (e.g. `{ runId }`) once
 * completed, or `{ error: { code, message } }` once failed (never a stack or an absolute path);
 * `retryCount` counts earlier attempts; `queuedBy` names the token that queued it.
 */
export const JobStatus = z.object({
  id: z.uuid(),
  kind: JobKind,
  state: z.enum(JOB_STATES),
  request: z.union([RunRequest, SweepRequest]),
  queuedBy: QueuedBy.nullable(),
  retryCount: z.number().int().nonnegative(),
  retryLimit: z.number().int().nonnegative(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  progress: JobProgress.nullable(),
  output: JsonObject.nullable(),
});
export type JobStatus = z.infer<typeof JobStatus>;
