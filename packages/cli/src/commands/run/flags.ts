import { InvalidArgumentError, Option, type Command } from "commander";
import { NtError } from "@neurotranslator/data/errors";
import type { LinalgBackend } from "@neurotranslator/core";
import { cacheDir } from "../../context.ts";
import { readEnv } from "../../env.ts";
import type { ModelLocations } from "@neurotranslator/app/run-classifier";
import { SOLVER_CHOICES } from "@neurotranslator/app/run-inputs";

/** The solver flags shared by `run` and `map`. */
export interface SolverFlags {
  solver: string;
  alphas?: number[];
  relativeAlphas?: number[];
  alpha?: number;
  cv?: "loo" | number;
  k?: number;
  l1Ratio?: number;
  solverOptions?: Record<string, unknown>;
}

const number = (flag: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n))
    throw new InvalidArgumentError(`${flag} must be a number, got "${value}"`);
  return n;
};
const integer = (flag: string, min: number) => (value: string) => {
  const n = number(flag)(value);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`${flag} must be an integer >= ${min}, got "${value}"`);
  return n;
};

export const parseInteger = integer;

export function addSolverFlags(command: Command): Command {
  return command
    .addOption(new Option("--solver <name>", "regression solver").choices(SOLVER_CHOICES).default("ridge-cv"))
    .option(
      "--alphas <list>",
      "ridge-cv / select-ridge: comma-separated ABSOLUTE alpha grid (scikit-learn's meaning; replaces the default relative grid)",
      (v) => v.split(",").map(number("--alphas")),
    )
    .option(
      "--relative-alphas <list>",
      "ridge-cv / select-ridge: grid as multiples of the data's scale, the mean non-zero eigenvalue of the training design's XᵀX (default 20 values 1e-3..1e5)",
      (v) => v.split(",").map(number("--relative-alphas")),
    )
    .option("--alpha <x>", "ridge / lasso / elastic-net: fixed alpha", number("--alpha"))
    .option("--cv <loo|K>", "ridge-cv: loo or K folds; lasso / elastic-net: K folds", (v) =>
      v === "loo" ? "loo" : integer("--cv", 2)(v),
    )
    .option("--k <n>", "select-ridge: voxels kept per feature", integer("--k", 1))
    .option("--l1-ratio <x>", "elastic-net: L1 share in (0, 1]", number("--l1-ratio"))
    .option(
      "--solver-options <json>",
      "further solver options as a JSON object, e.g. '{\"standardizeX\":true}'",
      (v) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(v);
        } catch {
          throw new InvalidArgumentError(`--solver-options must be a JSON object, got ${JSON.stringify(v)}`);
        }
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
          throw new InvalidArgumentError("--solver-options must be a JSON object");
        return parsed as Record<string, unknown>;
      },
    );
}

/** The solver options the flags set (only those given, so each solver's defaults apply otherwise). */
export function solverOptions(flags: SolverFlags): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(flags.solverOptions ?? {}) };
  if (flags.alphas !== undefined) out["alphas"] = flags.alphas;
  if (flags.relativeAlphas !== undefined) out["relativeAlphas"] = flags.relativeAlphas;
  if (flags.alpha !== undefined) out["alpha"] = flags.alpha;
  if (flags.cv !== undefined) out["cv"] = flags.cv;
  if (flags.k !== undefined) out["k"] = flags.k;
  if (flags.l1Ratio !== undefined) out["l1Ratio"] = flags.l1Ratio;
  return out;
}

/** `--rois`: "all" (or absent) = all areas together, "each" = one per area, else a comma list. */
export function parseRoisFlag(value: string | undefined, areas: readonly string[]): string[][] {
  if (value === undefined || value === "all") return [[]];
  if (value === "each") return areas.map((a) => [a]);
  const list = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (list.length === 0)
    throw new NtError("BAD_INPUT", `--rois "${value}" names no area; use all, each or a list such as V1,V2`);
  return [list];
}

/** Where the classifier's model may be found (env read in env.ts). */
export function modelLocations(): ModelLocations {
  return { cacheDir: cacheDir(), envModel: readEnv().NEUROTRANSLATOR_MODEL };
}

/** The linear-algebra engine NEUROTRANSLATOR_ENGINE asks for. */
export async function linalgBackend(): Promise<LinalgBackend> {
  const { selectLinalgBackend } = await import("@neurotranslator/core");
  return selectLinalgBackend({ prefer: readEnv().NEUROTRANSLATOR_ENGINE ?? "auto" });
}
