import type { Command } from "commander";
import { withStore } from "../../context.ts";
import { emit, note, table } from "../../output.ts";
import { progress } from "../../progress.ts";
import { executeSweep, parseSweepConfig, planSweep } from "@neurotranslator/app/sweep";
import { readSweepFile } from "@neurotranslator/app/sweep-file";
import { RUN_HEADERS, runJson, runRow, datasetLabels } from "./describe.ts";
import { linalgBackend, modelLocations } from "./flags.ts";

export function registerSweep(program: Command): void {
  program
    .command("sweep")
    .description(
      "run a grid of runs (datasets x features x solvers x areas x layers x seeds); resumable: finished grid points are skipped",
    )
    .argument(
      "<config>",
      "sweep config (.json / .yaml): dataset, features, solvers, rois, layers, seeds, permutations, bootstrap",
    )
    .option("--json", "print one JSON document")
    .action(async (file: string, opts: { json?: boolean }, command: Command) => {
      const config = parseSweepConfig(readSweepFile(file), file);
      await withStore(command, async (store) => {
        const points = await planSweep(store, config);
        const backend = await linalgBackend();
        note(`sweep ${file}: ${points.length} grid points; linear algebra: ${backend.description}`);
        const bar = progress("sweep");
        const notes = new Set<string>();
        const result = await executeSweep(store, points, {
          backend,
          models: modelLocations(),
          onNote: (m) => notes.add(m),
          onProgress: bar.share,
          onPoint: (i, total, point) =>
            note(`point ${i + 1}/${total} ${point.skipped ? "already done" : "stored"}: run ${point.run.id}`),
        });
        bar.done(`${result.ran} ran, ${result.skipped} already done`);
        for (const message of notes) note(message);
        const labels = await datasetLabels(store);
        emit(
          opts,
          {
            points: result.points.map((p) => ({
              key: p.key,
              skipped: p.skipped,
              run: runJson(p.run, labels.get(p.run.datasetId)),
            })),
            ran: result.ran,
            skipped: result.skipped,
          },
          () =>
            [
              table(
                ["", ...RUN_HEADERS],
                result.points.map((p) => [
                  p.skipped ? "=" : "+",
                  ...runRow(p.run, labels.get(p.run.datasetId)),
                ]),
              ),
              `+ ran now (${result.ran}), = already done (${result.skipped})`,
            ].join("\n"),
        );
      });
    });
}
