import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { NtError } from "@neurotranslator/data/errors";
import { withStore } from "../../context.ts";
import { emit, note, table } from "../../output.ts";
import { progress } from "../../progress.ts";
import { executeSweep, parseSweepConfig, planSweep } from "@neurotranslator/app/sweep";
import { RUN_HEADERS, runJson, runRow, datasetLabels } from "./describe.ts";
import { linalgBackend, modelLocations } from "./flags.ts";

/** Reads a sweep file: JSON by .json, YAML by .yaml / .yml. */
/** A sweep config is a few lines; anything bigger or deeper is refused before it is parsed. */
const MAX_SWEEP_BYTES = 256 * 1024;
const MAX_SWEEP_DEPTH = 32;

export function readSweepFile(file: string): unknown {
  const ext = extname(file).toLowerCase();
  if (![".json", ".yaml", ".yml"].includes(ext))
    throw new NtError("BAD_INPUT", `${file}: a sweep config must be .json, .yaml or .yml`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new NtError("NOT_FOUND", `${file}: cannot read the sweep config (${(error as Error).message})`);
  }
  if (text.length > MAX_SWEEP_BYTES)
    throw new NtError(
      "LIMIT",
      `${file}: ${text.length} bytes is too large for a sweep config (at most ${MAX_SWEEP_BYTES})`,
    );
  const depth = nestingDepth(text);
  if (depth > MAX_SWEEP_DEPTH)
    throw new NtError(
      "LIMIT",
      `${file}: nested ${depth} levels deep; a sweep config needs at most ${MAX_SWEEP_DEPTH}`,
    );
  try {
    return ext === ".json" ? JSON.parse(text) : parseYaml(text, { logLevel: "error" });
  } catch (error) {
    throw new NtError(
      "FORMAT",
      `${file}: not valid ${ext === ".json" ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
}

/**
 * An upper bound of the nesting depth: open brackets ([ {) in flow style, plus indentation steps and
 * "- " sequence markers in block style. Cheap, and it keeps a hostile file from reaching the parser.
 */
function nestingDepth(text: string): number {
  let brackets = 0;
  let deepest = 0;
  for (const line of text.split("\n")) {
    const indent = /^[ -]*/.exec(line)?.[0] ?? "";
    deepest = Math.max(deepest, Math.ceil(indent.length / 2));
    for (const ch of line) {
      if (ch === "[" || ch === "{") deepest = Math.max(deepest, ++brackets);
      else if (ch === "]" || ch === "}") brackets = Math.max(0, brackets - 1);
    }
  }
  return deepest;
}

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
