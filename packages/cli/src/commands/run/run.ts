import { Option, type Command } from "commander";
import { RUN_PAIRINGS, type RunControls } from "@neurotranslator/data/schema";
import type { Run } from "@neurotranslator/data";
import { withStore } from "../../context.ts";
import { emit, note, table } from "../../output.ts";
import { integerOption } from "../../flags.ts";
import { progress } from "../../progress.ts";
import { executeRun, planRun, type RunPlan } from "@neurotranslator/app/run";
import {
  alphaEdgeWarning,
  controlText,
  datasetText,
  metricLines,
  RUN_HEADERS,
  runJson,
  runRow,
} from "./describe.ts";
import {
  addSolverFlags,
  linalgBackend,
  modelLocations,
  parseRoisFlag,
  solverOptions,
  type SolverFlags,
} from "./flags.ts";

interface RunFlags extends SolverFlags {
  dataset: string;
  features: string;
  layer?: string;
  rois?: string;
  seed: number;
  permutations: number;
  bootstrap: number;
  attribution?: boolean;
  pairing?: RunControls["pairing"];
  voxelSubset?: number;
  json?: boolean;
}

/** The control the flags ask for, or undefined for an ordinary run (nothing recorded). */
export function controlsFromFlags(opts: {
  pairing?: RunControls["pairing"];
  voxelSubset?: number;
}): RunControls | undefined {
  if ((opts.pairing ?? "as-stored") === "as-stored" && opts.voxelSubset === undefined) return undefined;
  return { pairing: opts.pairing ?? "as-stored", voxelSubset: opts.voxelSubset ?? null };
}

export function registerRun(program: Command): void {
  const command = program
    .command("run")
    .description(
      "fit features on training responses, predict and evaluate the test images, classify, and store the run",
    )
    .requiredOption("--dataset <name>", "stored dataset")
    .requiredOption("--features <name>", "feature set of that dataset")
    .option(
      "--layer <name|each>",
      "feature layer (default: the feature set's last layer); each = one run per layer",
    )
    .option(
      "--rois <list|all|each>",
      "areas: comma list (V1,V2), all (together, the default) or each (one run per area)",
    );
  addSolverFlags(command)
    .option("--seed <n>", "seed of folds, permutations and bootstrap", integerOption("--seed", { min: 0 }), 0)
    .option(
      "--permutations <n>",
      "permutations for the null distributions",
      integerOption("--permutations", { min: 0 }),
      1000,
    )
    .option(
      "--bootstrap <n>",
      "bootstrap resamples for the 95% CIs",
      integerOption("--bootstrap", { min: 0 }),
      1000,
    )
    .option(
      "--attribution",
      "also split each test prediction by area (per-image area shares and agreement; costs ~20% more at Kay size)",
    )
    .addOption(
      new Option(
        "--pairing <how>",
        "control: pair features with responses as stored, in file-name order (0, 1, 10, 100, ...) against numeric order, or shuffled",
      ).choices(RUN_PAIRINGS),
    )
    .option(
      "--voxel-subset <n>",
      "control: keep n voxels, a seeded random subset (OLS collapses near n = training images)",
      integerOption("--voxel-subset", { min: 1 }),
    )
    .option("--json", "print one JSON document")
    .action(async (opts: RunFlags, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const controls = controlsFromFlags(opts);
        const base = {
          dataset: opts.dataset,
          features: opts.features,
          solver: opts.solver,
          options: solverOptions(opts),
          seed: opts.seed,
          permutations: opts.permutations,
          bootstrap: opts.bootstrap,
          attribution: Boolean(opts.attribution),
          ...(controls ? { controls } : {}),
        };
        // Validate every run of the grid before the first one computes.
        const first = await planRun(store, {
          ...base,
          ...(opts.layer && opts.layer !== "each" ? { layer: opts.layer } : {}),
        });
        const layers = opts.layer === "each" ? first.target.featureSet.layers : [first.target.layer];
        const roiSets = parseRoisFlag(opts.rois, first.target.areas);
        const plans: RunPlan[] = [];
        for (const layer of layers)
          for (const rois of roiSets) plans.push(await planRun(store, { ...base, layer, rois }));

        const backend = await linalgBackend();
        note(`linear algebra: ${backend.description}`);
        const runs: Run[] = [];
        const classifierNotes = new Set<string>();
        for (const [i, plan] of plans.entries()) {
          const label =
            plans.length > 1
              ? `run ${i + 1}/${plans.length} ${plan.target.layer} ${plan.spec.rois.join(",") || "all"}`
              : "run";
          const bar = progress(label);
          const outcome = await executeRun(store, plan, {
            backend,
            models: modelLocations(),
            onProgress: bar.share,
          });
          if (outcome.classifierNote) classifierNotes.add(outcome.classifierNote);
          bar.done(`stored run ${outcome.run.id}`);
          const warning = alphaEdgeWarning(outcome.run.metrics, plans.length > 1 ? label : "run");
          if (warning) note(warning);
          runs.push(outcome.run);
        }
        for (const message of classifierNotes) note(message);
        const label = { name: first.target.dataset.name, kind: first.target.dataset.kind };
        const simulated =
          label.kind === "simulated"
            ? [`dataset ${datasetText(label)}: SIMULATED responses, not brain data`]
            : [];
        if (runs.length === 1) {
          const run = runs[0]!;
          const control = controlText(run);
          emit(opts, runJson(run, label), () =>
            [
              `run ${run.id}: ${run.solver} on ${run.rois.join(",") || "all areas"} -> ${run.layer}`,
              ...simulated,
              ...(control ? [control] : []),
              ...metricLines(run.metrics),
              "",
              table(RUN_HEADERS, [runRow(run, label)]),
            ].join("\n"),
          );
        } else {
          emit(opts, { runs: runs.map((r) => runJson(r, label)) }, () =>
            [
              ...simulated,
              table(
                RUN_HEADERS,
                runs.map((r) => runRow(r, label)),
              ),
            ].join("\n"),
          );
        }
      });
    });
}
