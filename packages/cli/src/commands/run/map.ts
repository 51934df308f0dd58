import { Option, type Command } from "commander";
import { withStore } from "../../context.ts";
import { emit, note, table } from "../../output.ts";
import { integerOption, parseList } from "../../flags.ts";
import { progress } from "../../progress.ts";
import { executeMap, planMap, type MapOutcome } from "@neurotranslator/app/map";
import type { BestLayerClaim } from "@neurotranslator/data";
import { alphaEdgeWarning, claimsText, runJson, datasetText, type DatasetLabel } from "./describe.ts";
import { partitionText } from "./partition-text.ts";
import { addSolverFlags, linalgBackend, modelLocations, solverOptions, type SolverFlags } from "./flags.ts";

interface MapFlags extends SolverFlags {
  dataset: string;
  features: string;
  layers?: string;
  rois?: string;
  seed: number;
  permutations: number;
  bootstrap: number;
  joint?: boolean;
  bandWeights: "voxel" | "area";
  bandSamples: number;
  json?: boolean;
}

/** "all" or absent: every one; else the comma list. */
const list = (flag: string, value: string | undefined) =>
  value === "all" ? undefined : parseList(flag, value);

export function registerMap(program: Command): void {
  const command = program
    .command("map")
    .description(
      "area x layer map, both directions: encoding (layer features -> area voxels, mean voxel test r; gives each area's best layer) and decoding (one decoder per (area, layer), mean per-feature test r); CI and permutation p; stored as a run with map cells",
    )
    .requiredOption("--dataset <name>", "stored dataset")
    .requiredOption("--features <name>", "feature set of that dataset")
    .option("--layers <list>", "comma-separated layers (default: all of the feature set's)")
    .option("--rois <list>", "comma-separated areas, the map's rows (default: every area)");
  addSolverFlags(command)
    .option("--seed <n>", "seed of folds, permutations and bootstrap", integerOption("--seed", { min: 0 }), 0)
    .option("--permutations <n>", "permutations per cell", integerOption("--permutations", { min: 0 }), 1000)
    .option("--bootstrap <n>", "bootstrap resamples per cell", integerOption("--bootstrap", { min: 0 }), 1000)
    .option(
      "--joint",
      "also fit per area one banded ridge model over all mapped layers and partition its variance: each layer's unique and shared share (stored with the run; runs export --table partition)",
    )
    .addOption(
      new Option("--band-weights <where>", "--joint: band weights and alpha chosen per voxel or per area")
        .choices(["voxel", "area"])
        .default("voxel"),
    )
    .option(
      "--band-samples <n>",
      "--joint: band-weight samples of the random search over the simplex",
      integerOption("--band-samples", { min: 1 }),
      20,
    )
    .option("--json", "print one JSON document")
    .action(async (opts: MapFlags, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const layers = list("--layers", opts.layers);
        const rois = list("--rois", opts.rois);
        const plan = await planMap(store, {
          dataset: opts.dataset,
          features: opts.features,
          ...(layers ? { layers } : {}),
          ...(rois ? { rois } : {}),
          solver: opts.solver,
          options: solverOptions(opts),
          seed: opts.seed,
          permutations: opts.permutations,
          bootstrap: opts.bootstrap,
          ...(opts.joint ? { joint: { weights: opts.bandWeights, samples: opts.bandSamples } } : {}),
        });
        const backend = await linalgBackend();
        note(`linear algebra: ${backend.description}`);
        const bar = progress(`map ${plan.areas.length} areas x ${plan.layers.length} layers`);
        const outcome = await executeMap(store, plan, {
          backend,
          models: modelLocations(),
          onProgress: bar.share,
        });
        bar.done(`stored run ${outcome.run.id}`);
        if (outcome.classifierNote) note(outcome.classifierNote);
        const warning = alphaEdgeWarning(outcome.run.metrics, "map's reference run (all areas)");
        if (warning) note(warning);
        const label = { name: plan.reference.target.dataset.name, kind: plan.reference.target.dataset.kind };
        emit(
          opts,
          {
            runId: outcome.run.id,
            map: outcome.map,
            ...(outcome.partition ? { partition: outcome.partition } : {}),
            run: runJson(outcome.run, label),
          },
          () =>
            [
              mapText(outcome, label),
              ...(outcome.partition ? ["", partitionText(outcome.partition)] : []),
            ].join("\n"),
        );
      });
    });
}

/** Encoding table first (it answers "which layer does each area encode"), then decoding: "value [lo, hi]" with * when the FWE-corrected p < 0.05. */
export function mapText(outcome: MapOutcome, dataset?: DatasetLabel): string {
  const { directions } = outcome.map;
  const parts = [
    `area x layer map, run ${outcome.run.id}${dataset ? ` on dataset ${datasetText(dataset)}` : ""}`,
  ];
  if (dataset?.kind === "simulated")
    parts.push("SIMULATED DATA: the responses come from the simulator, not from a brain");
  const star = (n: number) =>
    `* p < 0.05 FWE-corrected over the ${n} cells (max-statistic, same permutations)`;
  if (directions.encoding) {
    parts.push(
      "",
      `Encoding: layer features -> area voxels (ridge-cv per voxel; mean voxel test r, 95% CI over test images, ${star(directions.encoding.correction.nCells)}):`,
    );
    parts.push(directionTable(directions.encoding.table, directions.encoding.bestLayer));
  }
  if (directions.decoding) {
    parts.push(
      "",
      `Decoding: area voxels -> layer features (one decoder per cell; mean per-feature test r, 95% CI, ${star(directions.decoding.correction.nCells)}):`,
    );
    parts.push(directionTable(directions.decoding.table, directions.decoding.bestLayer));
  }
  parts.push(
    "",
    `Best layer per area (from ${outcome.map.primary}; claimed when a paired bootstrap over test images puts it above every other layer): ${claimsText(outcome.map.bestLayer)}`,
  );
  return parts.join("\n");
}

function directionTable(t: MapOutcome["map"]["table"], best: Record<string, BestLayerClaim>): string {
  const rows = t.rows.map((area, i) => [
    area,
    ...t.columns.map((_, j) => {
      const v = t.value[i]![j]!;
      const lo = t.ciLow[i]![j];
      const hi = t.ciHigh[i]![j];
      const p = t.pAdjusted[i]![j];
      const ci =
        lo === null || lo === undefined || hi === null || hi === undefined
          ? ""
          : ` [${lo.toFixed(2)}, ${hi.toFixed(2)}]`;
      return `${v.toFixed(3)}${ci}${p !== null && p !== undefined && p < 0.05 ? "*" : ""}`;
    }),
    best[area]
      ? best[area].distinguishable === false
        ? "not distinguishable"
        : (best[area].layer ?? "")
      : "",
  ]);
  return table(["area", ...t.columns, "best layer"], rows);
}
