import { createHash } from "node:crypto";
import { z } from "zod";
import { NtError, progressShare, shareProgress, zodErrorText } from "@neurotranslator/schema";
import { canonicalJson, type Run, type Store } from "@neurotranslator/data";
import type { SweepRequest } from "@neurotranslator/data/jobs";
import { executeRun, planRun, type RunPlan, type RunServiceOptions } from "./run.ts";

const SolverEntry = z.union([
  z
    .string()
    .min(1)
    .transform((name) => ({ name, options: {} as Record<string, unknown> })),
  z.object({ name: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) }).strict(),
]);
/** An area set: "all" (together), "each" (one set per area) or a list of area names. */
const RoiEntry = z.union([z.literal("all"), z.literal("each"), z.array(z.string().min(1)).min(1)]);
const OneOrMany = (s: z.ZodString) =>
  z.union([s, z.array(s).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

/**
 * A sweep file (JSON or YAML): the grid is datasets x features x solvers x area sets x layers x seeds.
 * `layers` "all" or absent = every layer of each feature set; `rois` default ["all"].
 */
export const SweepConfig = z
  .object({
    datasets: OneOrMany(z.string().min(1)).optional(),
    dataset: z.string().min(1).optional(),
    features: OneOrMany(z.string().min(1)),
    solvers: z
      .array(SolverEntry)
      .min(1)
      .default([{ name: "ridge-cv", options: {} }]),
    rois: z.array(RoiEntry).min(1).default(["all"]),
    layers: z.union([z.literal("all"), z.array(z.string().min(1)).min(1)]).default("all"),
    seeds: z.array(z.number().int().nonnegative()).min(1).default([0]),
    permutations: z.number().int().nonnegative().default(1000),
    bootstrap: z.number().int().nonnegative().default(1000),
  })
  .strict()
  .refine((c) => (c.dataset === undefined) !== (c.datasets === undefined), {
    message: "give exactly one of dataset or datasets",
    path: ["dataset"],
  });
export type SweepConfig = z.infer<typeof SweepConfig>;

/** Parses a sweep config; BAD_INPUT naming the field (`what` names the file). */
export function parseSweepConfig(raw: unknown, what: string): SweepConfig {
  const parsed = SweepConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new NtError(
    "BAD_INPUT",
    `${what}: ${zodErrorText(parsed.error, { line: (field, i) => `field "${field}": ${i.message}`, max: 1 })}`,
  );
}

/** The sweep of a queued SweepRequest: one run per (layer, area set), areas alone plus all together by default. */
export function sweepConfigFromRequest(
  request: SweepRequest,
  evaluation: { permutations?: number; bootstrap?: number } = {},
): SweepConfig {
  return parseSweepConfig(
    {
      dataset: request.dataset,
      features: request.features,
      solvers: [{ name: request.solver, options: request.options }],
      rois: request.roiSets
        ? request.roiSets.map((set) => (set.length === 0 ? "all" : set))
        : ["each", "all"],
      layers: request.layers ?? "all",
      seeds: [request.seed],
      ...evaluation,
    },
    "sweep request",
  );
}

/** One grid point: its plan and its deterministic key (stored as the run's job id). */
export interface SweepPoint {
  key: string;
  plan: RunPlan;
}

/**
 * Expands and validates the whole grid before anything runs. A point's key hashes its full
 * config with the dataset's content hash and the feature set's cache key, so the same point of
 * the same data always has the same key, and finished points are found by it.
 */
export async function planSweep(store: Store, config: SweepConfig): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  for (const dataset of config.datasets ?? [config.dataset!]) {
    for (const features of config.features) {
      for (const solver of config.solvers) {
        const base = {
          dataset,
          features,
          solver: solver.name,
          options: solver.options,
          permutations: config.permutations,
          bootstrap: config.bootstrap,
        };
        const probe = await planRun(store, base);
        const layers = config.layers === "all" ? probe.target.featureSet.layers : config.layers;
        const roiSets = config.rois.flatMap((r) =>
          r === "all" ? [[]] : r === "each" ? probe.target.areas.map((a) => [a]) : [r],
        );
        for (const layer of layers) {
          for (const rois of roiSets) {
            for (const seed of config.seeds) {
              const plan = await planRun(store, { ...base, layer, rois, seed });
              points.push({ key: pointKey(plan), plan });
            }
          }
        }
      }
    }
  }
  const keys = new Set(points.map((p) => p.key));
  if (keys.size !== points.length)
    throw new NtError(
      "BAD_INPUT",
      `sweep: the grid repeats points (${points.length} points, ${keys.size} distinct)`,
    );
  return points;
}

export function pointKey(plan: RunPlan): string {
  const { spec, target } = plan;
  const identity = {
    dataset: target.dataset.contentHash,
    features: target.featureSet.cacheKey,
    layer: target.layer,
    rois: spec.rois,
    solver: spec.solver,
    options: spec.options,
    seed: spec.seed,
    permutations: spec.permutations,
    bootstrap: spec.bootstrap,
  };
  return `sweep:${createHash("sha256").update(canonicalJson(identity)).digest("hex")}`;
}

export interface SweepResult {
  points: { key: string; run: Run; skipped: boolean }[];
  ran: number;
  skipped: number;
}

/**
 * Runs the grid point by point, each stored in its own transaction under its key; points already
 * stored are skipped, so an interrupted sweep resumes where it stopped, losing at most the run in
 * flight. `onPoint` is told after each point (and may throw to stop the sweep).
 */
export async function executeSweep(
  store: Store,
  points: SweepPoint[],
  options: Omit<RunServiceOptions, "jobId"> & {
    onPoint?: (
      index: number,
      total: number,
      point: { key: string; run: Run; skipped: boolean },
    ) => void | Promise<void>;
  } = {},
): Promise<SweepResult> {
  const done: SweepResult["points"] = [];
  for (const [i, point] of points.entries()) {
    const outcome = await executeRun(store, point.plan, {
      ...options,
      jobId: point.key,
      onProgress: (event) =>
        options.onProgress?.(
          shareProgress(
            `point ${i + 1}/${points.length}: ${event.stage}`,
            (i + progressShare(event)) / points.length,
          ),
        ),
    });
    const entry = { key: point.key, run: outcome.run, skipped: outcome.reused };
    done.push(entry);
    await options.onPoint?.(i, points.length, entry);
  }
  return {
    points: done,
    ran: done.filter((p) => !p.skipped).length,
    skipped: done.filter((p) => p.skipped).length,
  };
}
