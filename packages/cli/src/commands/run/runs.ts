import { Option, type Command } from "commander";
import { mapInference, partitionFromCells } from "@neurotranslator/data";
import { withStore } from "../../context.ts";
import { emit, table } from "../../output.ts";
import { exportRun, type CsvTable } from "@neurotranslator/app/run-export";
import { compareStoredRuns } from "@neurotranslator/app/compare-runs";
import { comparisonText } from "./compare.ts";
import { parseInteger } from "../../flags.ts";
import { NtError } from "@neurotranslator/data/errors";
import { csvText } from "@neurotranslator/app/csv";
import {
  claimsText,
  controlText,
  datasetLabels,
  datasetText,
  metricLines,
  RUN_CSV_COLUMNS,
  RUN_HEADERS,
  runCsvRow,
  runJson,
  runRow,
} from "./describe.ts";

export function registerRuns(program: Command): void {
  const runs = program.command("runs").description("list, show, compare, export and remove stored runs");

  runs
    .command("list")
    .description("list runs, newest first")
    .option("--dataset <name>", "only runs on this dataset")
    .option("--json", "print one JSON document")
    .option("--csv", "print CSV on stdout: one row per run, full ids, each headline metric with its CI and p")
    .action(async (opts: { dataset?: string; json?: boolean; csv?: boolean }, command: Command) => {
      if (opts.json && opts.csv) throw new NtError("BAD_INPUT", "runs list: give --json or --csv, not both");
      await withStore(command, async (store) => {
        const datasetId =
          opts.dataset === undefined ? undefined : (await store.datasets.get(opts.dataset)).id;
        const all = await store.runs.list(datasetId === undefined ? {} : { datasetId });
        const labels = await datasetLabels(store);
        if (opts.csv)
          return void process.stdout.write(
            csvText(
              RUN_CSV_COLUMNS,
              all.map((r) => runCsvRow(r, labels.get(r.datasetId))),
            ),
          );
        emit(opts, { runs: all.map((r) => runJson(r, labels.get(r.datasetId))) }, () =>
          all.length === 0
            ? "no runs yet: try `neurotranslator run --dataset NAME --features NAME`"
            : table(
                RUN_HEADERS,
                all.map((r) => runRow(r, labels.get(r.datasetId))),
              ),
        );
      });
    });

  runs
    .command("show")
    .description("show one run: config, provenance, metrics with CIs, nulls and p-values")
    .argument("<id>")
    .option("--json", "print one JSON document")
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const run = await store.runs.get(id);
        const cells = await store.runs.mapCells(run.id);
        const dataset = await store.datasets.getById(run.datasetId);
        const featureSet = await store.featureSets.getById(run.featureSetId);
        // Map runs: the correction and best-layer claims per direction, gathered from the cells (empty for maps stored before them).
        const map = cells.length > 0 ? mapInference(cells) : null;
        const label = { name: dataset.name, kind: dataset.kind };
        const control = controlText(run);
        // map --joint runs: the variance partition per area, gathered from the cells.
        const partition = partitionFromCells(cells);
        emit(
          opts,
          {
            ...runJson(run, label),
            dataset: dataset.name,
            features: featureSet.name,
            nImages: (await store.runs.images(run.id)).length,
            mapCells: cells.map(({ roi, layer, metric }) => ({ roi, layer, metric })),
            map,
            partition,
          },
          () =>
            [
              `run ${run.id} (${run.createdAt.toISOString().slice(0, 19).replace("T", " ")})`,
              `dataset ${datasetText(label)}, features ${featureSet.name}, layer ${run.layer}, areas ${run.rois.join(",") || "all"}`,
              ...(dataset.kind === "simulated"
                ? [
                    "SIMULATED DATA: the responses come from the simulator (dataset simulate), not from a brain",
                  ]
                : []),
              ...(control ? [control] : []),
              `solver ${run.solver} ${JSON.stringify(run.config.solver.options)}, seed ${run.config.seed}`,
              `engine ${JSON.stringify(run.engine)}`,
              `timings ${Object.entries(run.timings)
                .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
                .join(", ")}`,
              "metrics (value, 95% CI, null mean, permutation p):",
              ...metricLines(run.metrics),
              ...(cells.length > 0
                ? [`area x layer map: ${cells.length} cells (neurotranslator runs show --json for all)`]
                : []),
              ...Object.entries(map?.bestLayer ?? {}).map(
                ([direction, claims]) =>
                  `  best layer per area, ${direction} (p FWE-corrected: ${map!.corrections[direction]?.method ?? "none"}): ${claimsText(claims)}`,
              ),
              ...(partition
                ? [
                    "  variance partition (map --joint; unique = R²(all) - R²(all but the layer), 95% CI over test images, * pAdjusted < 0.05):",
                    ...partition.areas.map(
                      (a) =>
                        `    ${a.roi}: joint R² ${a.joint.value.toFixed(3)}; unique variance from ${a.uniqueLayers.join(", ") || "no layer"} (${a.layers.map((l) => `${l.layer} ${l.unique.value.toFixed(3)}${l.unique.pAdjusted != null && l.unique.pAdjusted < 0.05 ? "*" : ""}`).join(", ")})`,
                    ),
                  ]
                : []),
            ].join("\n"),
        );
      });
    });

  runs
    .command("compare")
    .description(
      "compare two or more runs: each metric per run, and each run minus the first with a paired bootstrap CI over the shared test images",
    )
    .argument("<ids...>", "run ids (or unique prefixes); the first is the base")
    .option("--bootstrap <n>", "paired bootstrap resamples", "2000")
    .option("--json", "print one JSON document")
    .action(async (ids: string[], opts: { bootstrap: string; json?: boolean }, command: Command) => {
      if (ids.length < 2)
        throw new NtError(
          "BAD_INPUT",
          `runs compare needs at least two run ids (got ${ids.length}); \`neurotranslator runs list\` shows them`,
        );
      const nBootstrap = parseInteger("--bootstrap", opts.bootstrap, { min: 0, max: 100_000 });
      await withStore(command, async (store) => {
        const comparison = await compareStoredRuns(store, ids, { nBootstrap });
        emit(opts, comparison, () => comparisonText(comparison));
      });
    });

  runs
    .command("export")
    .description("write a run's predictions and per-image / per-feature results to .npz, .csv or .json")
    .argument("<id>")
    .requiredOption("--out <file>", "output file: .npz (NumPy arrays), .csv (tidy table) or .json")
    .addOption(
      new Option(
        "--table <which>",
        "CSV only: one row per test image, per feature, or per map cell and metric (map runs), or per area, layer, voxel and partition quantity (map --joint runs)",
      )
        .choices(["images", "features", "map", "partition"])
        .default("images"),
    )
    .option("--json", "print one JSON document")
    .action(async (id: string, opts: { out: string; table: CsvTable; json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const result = await exportRun(store, id, opts.out, { table: opts.table });
        emit(
          opts,
          result,
          () =>
            `wrote ${result.out} (${result.rows === undefined ? result.keys.join(", ") : `${result.rows} rows: ${result.keys.join(",")}`})`,
        );
      });
    });

  runs
    .command("rm")
    .description("delete a run and its results")
    .argument("<id>")
    .option("--json", "print one JSON document")
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const run = await store.runs.get(id);
        await store.runs.remove(run.id);
        emit(opts, { removed: run.id }, () => `removed run ${run.id}`);
      });
    });
}
