import { InvalidArgumentError, Option, type Command } from "commander";
import {
  asOption,
  integerOption,
  numberListOption,
  numberOption,
  parseInteger,
  parseList,
} from "../../flags.ts";
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

export function addSolverFlags(command: Command): Command {
  return command
    .addOption(new Option("--solver <name>", "regression solver").choices(SOLVER_CHOICES).default("ridge-cv"))
    .option(
      "--alphas <list>",
      "ridge-cv / select-ridge: comma-separated ABSOLUTE alpha grid (scikit-learn's meaning; replaces the default relative grid)",
      numberListOption("--alphas"),
    )
    .option(
      "--relative-alphas <list>",
      "ridge-cv / select-ridge: grid as multiples of the data's scale, the mean non-zero eigenvalue of the training design's XᵀX (default 20 values 1e-3..1e5)",
      numberListOption("--relative-alphas"),
    )
    .option("--alpha <x>", "ridge / lasso / elastic-net: fixed alpha", numberOption("--alpha"))
    .option(
      "--cv <loo|K>",
      "ridge-cv: loo or K folds; lasso / elastic-net: K folds",
      asOption((v) => (v === "loo" ? "loo" : parseInteger("--cv", v, { min: 2 }))),
    )
    .option("--k <n>", "select-ridge: voxels kept per feature", integerOption("--k", { min: 1 }))
    .option("--l1-ratio <x>", "elastic-net: L1 share in (0, 1]", numberOption("--l1-ratio"))
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
  const list = parseList("--rois", value);
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
  const { selectLinalgBackend } = await import("@neurotranslator/core/analysis");
  return selectLinalgBackend({ prefer: readEnv().NEUROTRANSLATOR_ENGINE ?? "auto" });
}
