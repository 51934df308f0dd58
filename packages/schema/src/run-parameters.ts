import { z } from "zod";
import { AreaName, EntityName, Index, JsonObject, jsonProblem } from "./common.ts";
import { LayerName } from "./feature-set.ts";
import { RunControls, SolverName } from "./run.ts";

/** Deepest nesting of solver options accepted (real options are flat or hold one list). */
export const MAX_OPTIONS_DEPTH = 8;

/** Solver options: a JSON object PostgreSQL can store, at most MAX_OPTIONS_DEPTH deep. */
export const SolverOptions = z
  .unknown()
  // Checked before JsonObject parses (recursively) what may be thousands of levels deep.
  .superRefine((value, ctx) => {
    const problem = jsonProblem(value, MAX_OPTIONS_DEPTH);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  })
  .pipe(JsonObject);

/** The solver a run uses when none is named. */
export const DEFAULT_SOLVER_NAME = "ridge-cv";

/**
 * The parameters of one decoding run, by stored names: the one definition behind the CLI's `run`
 * flags, `POST /runs` bodies and queued jobs (`RunRequest`, a subset). `layer` defaults to the
 * feature set's last layer; `rois` are area names (empty: all areas together); `options` go to the
 * solver (e.g. `{ alphas: [...] }` for ridge), whose own strict schema (core) checks them.
 */
export const RunParameters = z
  .object({
    dataset: EntityName,
    features: EntityName,
    layer: LayerName.optional(),
    rois: z.array(AreaName).max(64).default([]),
    solver: SolverName.default(DEFAULT_SOLVER_NAME),
    options: SolverOptions.default({}),
    seed: Index.default(0),
    /** Permutations for the nulls and bootstrap resamples for the CIs. */
    permutations: Index.default(1000),
    bootstrap: Index.default(1000),
    /**
     * Per-image area shares and agreement (stored in each image's `extra`). Off by default: the
     * decoder's primal weights it needs cost about 20% of a Kay-sized run, and the area question
     * is answered by `map`.
     */
    attribution: z.boolean().default(false),
    /** A deliberate break of the inputs (mispairing, voxel subset) to check a pipeline; absent = none. */
    controls: RunControls.strict().optional(),
  })
  .strict();
export type RunParameters = z.infer<typeof RunParameters>;
export type RunParametersInput = z.input<typeof RunParameters>;

/**
 * A request to fit and evaluate one run, as `POST /runs` takes it and the queue stores it: the
 * run parameters without the evaluation settings (the worker's own), with the solver named
 * explicitly and `rois` kept absent when not given.
 */
export const RunRequest = RunParameters.pick({
  dataset: true,
  features: true,
  layer: true,
  options: true,
  seed: true,
})
  .extend({ rois: z.array(AreaName).max(64).optional(), solver: SolverName })
  .strict();
export type RunRequest = z.infer<typeof RunRequest>;
