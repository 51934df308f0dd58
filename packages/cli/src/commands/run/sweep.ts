import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { NtError } from "@neurotranslator/data/errors";
import { withStore } from "../../context.ts";
import { emit, note, table } from "../../output.ts";
import { progress } from "../../progress.ts";
import { executeSweep, parseSweepConfig, planSweep } from "../../services/sweep.ts";
import { RUN_HEADERS, runJson, runRow } from "./describe.ts";
import { linalgBackend, modelLocations } from "./flags.ts";

/** Reads a sweep file: JSON by .json, YAML by .yaml / .yml. */
export function readSweepFile(file: string): unknown {
  const ext = extname(file).toLowerCase();
  if (![".json", ".yaml", ".yml"].includes(ext)) throw new NtError("BAD_INPUT", `${file}: a sweep config must be .json, .yaml or .yml`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new NtError("NOT_FOUND", `${file}: cannot read the sweep config (${(error as Error).message})`);
  }
  try {
    return ext === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new NtError("FORMAT", `${file}: not valid ${ext === ".json" ? "JSON" : "YAML"}: ${(error as Error).message}`);
  }
}

export function registerSweep(program: Command): void {
  program
    .command("sweep")
    .description("run a grid of runs (datasets x features x solvers x areas x layers x seeds); resumable: finished grid points are skipped")
    .argument("<config>", "sweep config (.json / .yaml): dataset, features, solvers, rois, layers, seeds, permutations, bootstrap")
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
          onProgress: (f, stage) => bar.update(Math.round(f * 1000), 1000, stage),
          onPoint: (i, total, point) => note(`point ${i + 1}/${total} ${point.skipped ? "already done" : "stored"}: run ${point.run.id}`),
        });
        bar.done(`${result.ran} ran, ${result.skipped} already done`);
        for (const message of notes) note(message);
        emit(opts, { points: result.points.map((p) => ({ key: p.key, skipped: p.skipped, run: runJson(p.run) })), ran: result.ran, skipped: result.skipped }, () =>
          [table(["", ...RUN_HEADERS], result.points.map((p) => [p.skipped ? "=" : "+", ...runRow(p.run)])), `+ ran now (${result.ran}), = already done (${result.skipped})`].join("\n"),
        );
      });
    });
}
