import type { z } from "zod";
import { NtError } from "@neurotranslator/schema";
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

/**
 * Every regression solver, by name. `ridge-cv` is the default. Option schemas are strict: an
 * unknown option is an error (a typo must not silently fall back to a default).
 */
export const SOLVERS = {
  ols: define({
    name: "ols",
    summary: "minimum-norm least squares (reproduces the 2020 study)",
    options: OlsOptions.strict(),
    create: createOls,
  }),
  ridge: define({
    name: "ridge",
    summary: "ridge with one fixed alpha",
    options: RidgeOptions.strict(),
    create: createRidge,
  }),
  "ridge-cv": define({
    name: "ridge-cv",
    summary: "ridge, alpha per feature by leave-one-out or k-fold CV (default)",
    options: RidgeCvOptions.strict(),
    create: createRidgeCv,
  }),
  lasso: define({
    name: "lasso",
    summary: "L1 coordinate descent, alpha fixed or by CV path",
    options: LassoOptions.strict(),
    create: createLasso,
  }),
  "elastic-net": define({
    name: "elastic-net",
    summary: "L1+L2 coordinate descent, alpha fixed or by CV path",
    options: ElasticNetOptions.strict(),
    create: createElasticNet,
  }),
  "select-ridge": define({
    name: "select-ridge",
    summary: "top-k voxels per feature by correlation, then ridge",
    options: SelectRidgeOptions.strict(),
    create: createSelectRidge,
  }),
} as const;

export type SolverName = keyof typeof SOLVERS;
export const SOLVER_NAMES = Object.keys(SOLVERS) as SolverName[];
export const DEFAULT_SOLVER: SolverName = "ridge-cv";

/**
 * Builds a solver from its name and raw options (e.g. parsed CLI flags or a stored run config);
 * throws NtError BAD_INPUT naming the unknown solver or the invalid option.
 */
export function createSolver(name: string, rawOptions: unknown, ctx: SolverContext): Regressor {
  const def = SOLVERS[checkSolverName(name)] as SolverDefinition;
  return def.create(validateSolverOptions(name, rawOptions), ctx);
}

function checkSolverName(name: string): SolverName {
  if (!Object.hasOwn(SOLVERS, name)) {
    throw new NtError(
      "BAD_INPUT",
      `unknown solver ${JSON.stringify(name.slice(0, 64))}; expected one of ${SOLVER_NAMES.join(", ")}`,
    );
  }
  return name as SolverName;
}

/**
 * Checks a solver's name and raw options (CLI flags, an API request, a stored config) without
 * building anything; returns the options with defaults filled in. Throws NtError BAD_INPUT naming
 * the unknown solver, the unknown options (with the valid ones), or the invalid values.
 */
export function validateSolverOptions(name: string, rawOptions: unknown): Record<string, unknown> {
  const def = SOLVERS[checkSolverName(name)] as SolverDefinition;
  const schema = def.options as unknown as z.ZodObject;
  const raw = rawOptions ?? {};
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    const unknown = Object.keys(raw).filter((k) => !Object.hasOwn(schema.shape, k));
    if (unknown.length > 0) {
      const shown = unknown
        .slice(0, 10)
        .map((k) => JSON.stringify(k.slice(0, 64)))
        .join(", ");
      throw new NtError(
        "BAD_INPUT",
        `${name}: unknown option${unknown.length > 1 ? "s" : ""} ${shown}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ""}; its options: ${Object.keys(schema.shape).join(", ")}`,
      );
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new NtError("BAD_INPUT", describeZodError(name, parsed.error));
  return parsed.data as Record<string, unknown>;
}
