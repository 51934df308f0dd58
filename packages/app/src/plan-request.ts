import type { Store } from "@neurotranslator/data";
import type { RunRequest, SweepRequest } from "@neurotranslator/data/jobs";
import { planRun, runSpecOfRequest, type RunPlan } from "./run.ts";
import { sweepConfigFromRequest } from "./sweep.ts";

/*
 * What a worker checks first, checked before a job is queued (POST /runs, POST /sweeps): the same
 * planning code the CLI's `run` and the worker use, so a request that must fail is refused at once.
 */

/** Plans a queued run request as the worker will: solver, options, dataset, feature set, layer, areas. */
export function planRunRequest(store: Store, request: RunRequest): Promise<RunPlan> {
  return planRun(store, runSpecOfRequest(request));
}

/**
 * Plans a sweep request's grid without expanding it (a grid may hold 64 x 256 points): the base run
 * once, then each distinct layer, and any area set naming an area the dataset lacks (which the
 * planner then refuses, with its own message).
 */
export async function planSweepRequest(store: Store, request: SweepRequest): Promise<void> {
  sweepConfigFromRequest(request);
  const base = {
    dataset: request.dataset,
    features: request.features,
    solver: request.solver,
    options: request.options,
    seed: request.seed,
  };
  const probe = await planRun(store, base);
  for (const layer of new Set(request.layers ?? [])) await planRun(store, { ...base, layer });
  for (const rois of request.roiSets ?? []) {
    if (rois.some((area) => !probe.target.areas.includes(area))) await planRun(store, { ...base, rois });
  }
}
