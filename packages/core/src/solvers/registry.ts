import type { z } from "zod";
import { NtError } from "@neurotranslator/data/errors";
import { createOls, OlsOptions } from "./ols.ts";
import { describeZodError } from "./options.ts";
import { createRidge, RidgeOptions } from "./ridge.ts";
import { createRidgeCv, RidgeCvOptions } from "./ridge-cv.ts";
import { createSelectRidge, SelectRidgeOptions } from "./select-ridge.ts";
import { createElasticNet, createLasso, ElasticNetOptions, LassoOptions } from "./sparse.ts";
import type { Regressor, SolverContext } from "./types.ts";

/** A solver the CLI can build by name: its options schema (with defaults) and a factory. */
export interface SolverDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  readonly options: S;
  create(options: z.infer<S>, ctx: SolverContext): Regressor;
}

function define<S extends z.ZodType>(d: SolverDefinition<S>): SolverDefinition<S> {
  return d;
}

/** Every regression solver, by name. `ridge-cv` is the default. */
export const SOLVERS = {
  ols: define({ name: "ols", summary: "minimum-norm least squares (reproduces the 2020 study)", options: OlsOptions, create: createOls }),
  ridge: define({ name: "ridge", summary: "ridge with one fixed alpha", options: RidgeOptions, create: createRidge }),
  "ridge-cv": define({ name: "ridge-cv", summary: "ridge, alpha per feature by leave-one-out or k-fold CV (default)", options: RidgeCvOptions, create: createRidgeCv }),
  lasso: define({ name: "lasso", summary: "L1 coordinate descent, alpha fixed or by CV path", options: LassoOptions, create: createLasso }),
  "elastic-net": define({ name: "elastic-net", summary: "L1+L2 coordinate descent, alpha fixed or by CV path", options: ElasticNetOptions, create: createElasticNet }),
  "select-ridge": define({ name: "select-ridge", summary: "top-k voxels per feature by correlation, then ridge", options: SelectRidgeOptions, create: createSelectRidge }),
} as const;

export type SolverName = keyof typeof SOLVERS;
export const SOLVER_NAMES = Object.keys(SOLVERS) as SolverName[];
export const DEFAULT_SOLVER: SolverName = "ridge-cv";

/**
 * Builds a solver from its name and raw options (e.g. parsed CLI flags or a stored run config);
 * throws NtError BAD_INPUT naming the unknown solver or the invalid option.
 */
export function createSolver(name: string, rawOptions: unknown, ctx: SolverContext): Regressor {
  if (!Object.hasOwn(SOLVERS, name)) {
    throw new NtError("BAD_INPUT", `unknown solver "${name}"; expected one of ${SOLVER_NAMES.join(", ")}`);
  }
  const def = SOLVERS[name as SolverName] as SolverDefinition;
  const parsed = def.options.safeParse(rawOptions ?? {});
  if (!parsed.success) throw new NtError("BAD_INPUT", describeZodError(name, parsed.error));
  return def.create(parsed.data, ctx);
}
