import { Option, type Command } from "commander";
import type { MetricSummary, RunMetrics } from "@neurotranslator/data";
import { cacheDir, withStore } from "../context.ts";
import { readEnv } from "../env.ts";
import { emit, note, table } from "../output.ts";
import { integerOption, numberOption } from "../flags.ts";
import { progress } from "../progress.ts";
import type { DemoOutcome } from "@neurotranslator/app/demo";

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(
      "the main job: real Kay data if fetched, else a Kay-shaped simulation; CNN features; ridge-cv decoding with nulls; the area x layer map",
    )
    .option("--name <name>", "name of the simulated dataset (reused when it exists)", "demo-sim")
    .option(
      "--n-train <n>",
      "training images of the simulation (default: all but the test images)",
      integerOption("--n-train", { min: 1 }),
    )
    .option("--n-test <n>", "test images of the simulation", integerOption("--n-test", { min: 1 }))
    .option("--voxel-scale <x>", "fraction of Kay's 8,428 voxels to simulate", numberOption("--voxel-scale"))
    .addOption(
      new Option(
        "--preset <name>",
        "simulator preset: realistic (default; as hard as real data) or easy (every voxel linear in one layer)",
      ).choices(["realistic", "easy"]),
    )
    .option("--seed <n>", "seed for the simulation, folds and nulls", integerOption("--seed", { min: 0 }), 0)
    .option(
      "--permutations <n>",
      "permutations and bootstrap resamples of the main run",
      integerOption("--permutations", { min: 0 }),
      1000,
    )
    .option(
      "--map-resamples <n>",
      "permutations and bootstrap resamples per map cell",
      integerOption("--map-resamples", { min: 0 }),
      100,
    )
    .option("--json", "print one JSON document")
    .action(
      async (
        opts: {
          name: string;
          nTrain?: number;
          nTest?: number;
          voxelScale?: number;
          preset?: "realistic" | "easy";
          seed: number;
          permutations: number;
          mapResamples: number;
          json?: boolean;
        },
        command: Command,
      ) => {
        const { runDemo } = await import("@neurotranslator/app/demo");
        const started = performance.now();
        let bar: ReturnType<typeof progress> | undefined;
        const outcome = await withStore(command, (store) =>
          runDemo(store, {
            ...opts,
            model: { envModel: readEnv().NEUROTRANSLATOR_MODEL, cacheDir: cacheDir() },
            onStage: (stage) => {
              bar?.done();
              bar = progress(stage);
            },
            onProgress: (event) => bar?.share(event),
          }),
        );
        bar?.done();
        const total = (performance.now() - started) / 1000;
        if (outcome.classifierNote) note(outcome.classifierNote);
        emit(opts, { ...demoJson(outcome), seconds: { ...outcome.seconds, total } }, () =>
          demoText(outcome, total),
        );
      },
    );
}

function demoJson(o: DemoOutcome) {
  return {
    dataset: {
      name: o.dataset.name,
      kind: o.dataset.kind,
      simulated: o.dataset.kind === "simulated",
      preset: simulatorPreset(o),
      nTrain: o.dataset.nTrain,
      nTest: o.dataset.nTest,
      nVoxels: o.dataset.nVoxels,
    },
    realData: o.realData,
    stimuli: o.stimuli ?? null,
    featureSet: { name: o.featureSet.name, layers: o.featureSet.layers },
    runId: o.run.id,
    layer: o.run.layer,
    metrics: o.run.metrics,
    mapRunId: o.mapRun.id,
    map: o.map,
    groundTruth: o.groundTruth,
    identification: o.identification,
  };
}

/** The simulator preset of a simulated dataset ("easy" for those made before presets existed), null for real data. */
function simulatorPreset(o: DemoOutcome): string | null {
  const truth = o.dataset.meta["groundTruth"] as { config?: { preset?: string } } | undefined;
  if (o.dataset.kind !== "simulated" || !truth) return null;
  return truth.config?.preset ?? "easy";
}

const fmt = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits);

/** Per-feature r first; beside each metric its null, chance and the training-mean prediction's score (no brain data). */
function metricRows(metrics: RunMetrics): (string | number)[][] {
  const c = metrics.constantBaseline;
  const rows: [string, MetricSummary | undefined, number | null | undefined][] = [
    ["feature r (per feature)", metrics.featureR, null],
    ["R² (per feature)", metrics.r2, c?.r2],
    ["sample r (per image)", metrics.sampleR, c?.sampleR],
    ["cosine (per image)", metrics.cosine, c?.cosine],
    ["identification (n-way)", metrics.identification, c?.identification],
    ["pairwise (2-vs-2)", metrics.pairwise, undefined],
    ["top-1 class agreement", metrics.top1Agreement, c?.top1Agreement],
    ["top-5 class overlap", metrics.top5Overlap, c?.top5Overlap],
  ];
  return rows
    .filter(([, m]) => m !== undefined)
    .map(([label, m, constant]) => [
      label,
      fmt(m!.value),
      m!.ci95 ? `[${fmt(m!.ci95[0])}, ${fmt(m!.ci95[1])}]` : "-",
      fmt(m!.null?.mean),
      m!.chance !== undefined ? fmt(m!.chance) : "",
      constant === null ? "n/a" : fmt(constant),
      m!.p === null ? "-" : m!.p.toPrecision(2),
    ]);
}

/** Encoding table first (it answers "which layer does each area encode"), then decoding; * FWE-corrected p < 0.05. */
function mapTables(map: DemoOutcome["map"]): string[] {
  const grid = (t: DemoOutcome["map"]["table"]) =>
    table(
      ["area", ...t.columns],
      t.rows.map((area, i) => [
        area,
        ...t.columns.map((_, j) => `${fmt(t.value[i]?.[j])}${(t.pAdjusted[i]?.[j] ?? 1) < 0.05 ? "*" : " "}`),
      ]),
    );
  const out: string[] = [];
  const { encoding, decoding } = map.directions;
  const star = "* p < 0.05 FWE-corrected over the map's cells";
  if (encoding)
    out.push(
      "",
      `Area x layer map, encoding (layer features -> area voxels, ridge-cv per voxel; mean voxel test r; ${star}):`,
      grid(encoding.table),
    );
  if (decoding)
    out.push(
      "",
      `Area x layer map, decoding (area voxels -> layer features; mean per-feature test r; ${star}):`,
      grid(decoding.table),
    );
  return out;
}

function demoText(o: DemoOutcome, total: number): string {
  const d = o.dataset;
  const lines = [
    `NeuroTranslator main job on ${o.realData ? "the real Kay et al. (2008) data" : "a Kay-shaped simulation with planted ground truth"}: dataset "${d.name}" (${d.nTrain} train + ${d.nTest} test images, ${d.nVoxels} voxels)`,
    ...(d.kind === "simulated"
      ? [
          `SIMULATED DATA (simulator preset ${simulatorPreset(o)}): every number below is about simulated responses, not a brain`,
        ]
      : []),
    ...(o.stimuli === undefined ? [] : [`simulated responses to ${o.stimuli}`]),
    `features "${o.featureSet.name}": layers ${o.featureSet.layers.join(", ")}`,
    "",
    `Decoding all areas -> ${o.run.layer} with ridge-cv (one alpha per feature, leave-one-out), test set, ${o.run.metrics.nPermutations} permutations:`,
    table(
      ["metric", "value", "95% CI", "null mean", "chance", "training mean", "p"],
      metricRows(o.run.metrics),
    ),
    "(training mean: the training-set mean feature vector predicted for every test image, no brain data; n/a for feature r, which a constant prediction leaves undefined)",
    "",
    `Identification, encoding direction (Kay et al. 2008): ${o.identification.layer} -> voxels with ridge-cv, the ${o.identification.topVoxels} voxels best by training cross-validation; ${o.identification.correct} of ${o.identification.nImages} test images identified (${fmt(100 * o.identification.accuracy, 1)}%, 95% CI ${fmt(100 * o.identification.ci95[0], 1)}-${fmt(100 * o.identification.ci95[1], 1)}%; chance ${fmt(100 * o.identification.chance, 1)}%)`,
    ...mapTables(o.map),
  ];
  if (o.groundTruth) {
    const analysed = new Set(o.map.table.columns);
    const comparable = o.groundTruth.filter((g) => analysed.has(g.planted));
    const hits = comparable.filter((g) => g.recovered === g.planted && g.distinguishable !== false).length;
    lines.push(
      "",
      `Planted vs recovered source per area, from the encoding map (${hits} of the ${comparable.length} areas whose source is an analysed layer recovered and distinguishable from the other layers):`,
    );
    lines.push(
      table(
        ["area", "planted source", "best in map", "best encoding r", "planted layer r", "noise ceiling r"],
        o.groundTruth.map((g) => [
          g.area,
          analysed.has(g.planted) ? g.planted : `${g.planted} (not analysed)`,
          `${g.recovered ?? "-"}${g.recovered === g.planted || !analysed.has(g.planted) ? "" : "  (differs)"}${g.distinguishable === false ? "  (not distinguishable)" : ""}`,
          fmt(g.bestR),
          fmt(g.plantedR),
          fmt(g.ceiling),
        ]),
      ),
    );
  }
  lines.push(
    "",
    `Stored run ${o.run.id} and map ${o.mapRun.id}. Timings: ${Object.entries(o.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(", ")}; total ${total.toFixed(1)} s.`,
  );
  lines.push(
    `Open the viewer: pnpm -s neurotranslator serve   then http://127.0.0.1:8080/#/runs/${o.run.id.slice(0, 8)}`,
  );
  return lines.join("\n");
}
