import type { Command } from "commander";
import { withStore } from "../../context.ts";
import { emit, note, table } from "../../output.ts";
import { progress } from "../../progress.ts";
import { executeMap, planMap, type MapOutcome } from "../../services/map.ts";
import { runJson } from "./describe.ts";
import { addSolverFlags, linalgBackend, modelLocations, parseInteger, solverOptions, type SolverFlags } from "./flags.ts";

interface MapFlags extends SolverFlags {
  dataset: string;
  features: string;
  layers?: string;
  rois?: string;
  seed: number;
  permutations: number;
  bootstrap: number;
  json?: boolean;
}

const list = (value: string | undefined) => (value === undefined || value === "all" ? undefined : value.split(",").map((s) => s.trim()).filter(Boolean));

export function registerMap(program: Command): void {
  const command = program
    .command("map")
    .description("area x layer map: one decoder per (area, layer), mean per-feature test r with CI and permutation p; stored as a run with map cells")
    .requiredOption("--dataset <name>", "stored dataset")
    .requiredOption("--features <name>", "feature set of that dataset")
    .option("--layers <list>", "comma-separated layers (default: all of the feature set's)")
    .option("--rois <list>", "comma-separated areas, the map's rows (default: every area)");
  addSolverFlags(command)
    .option("--seed <n>", "seed of folds, permutations and bootstrap", parseInteger("--seed", 0), 0)
    .option("--permutations <n>", "permutations per cell", parseInteger("--permutations", 0), 1000)
    .option("--bootstrap <n>", "bootstrap resamples per cell", parseInteger("--bootstrap", 0), 1000)
    .option("--json", "print one JSON document")
    .action(async (opts: MapFlags, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const layers = list(opts.layers);
        const rois = list(opts.rois);
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
        });
        const backend = await linalgBackend();
        note(`linear algebra: ${backend.description}`);
        const bar = progress(`map ${plan.areas.length} areas x ${plan.layers.length} layers`);
        const outcome = await executeMap(store, plan, { backend, models: modelLocations(), onProgress: (f, stage) => bar.update(Math.round(f * 1000), 1000, stage) });
        bar.done(`stored run ${outcome.run.id}`);
        if (outcome.classifierNote) note(outcome.classifierNote);
        emit(opts, { runId: outcome.run.id, map: outcome.map, run: runJson(outcome.run) }, () => mapText(outcome));
      });
    });
}

/** Areas x layers: "value [lo, hi]" with * when p < 0.05, then the best layer of each area. */
export function mapText(outcome: MapOutcome): string {
  const t = outcome.map.table;
  const rows = t.rows.map((area, i) => [
    area,
    ...t.columns.map((_, j) => {
      const v = t.value[i]![j]!;
      const lo = t.ciLow[i]![j];
      const hi = t.ciHigh[i]![j];
      const p = t.p[i]![j];
      const ci = lo === null || lo === undefined || hi === null || hi === undefined ? "" : ` [${lo.toFixed(2)}, ${hi.toFixed(2)}]`;
      return `${v.toFixed(3)}${ci}${p !== null && p !== undefined && p < 0.05 ? "*" : ""}`;
    }),
    outcome.map.bestLayerPerArea[area] ?? "",
  ]);
  return [
    `area x layer map (mean per-feature test r, 95% CI, * p < 0.05), run ${outcome.run.id}`,
    table(["area", ...t.columns, "best layer"], rows),
  ].join("\n");
}
