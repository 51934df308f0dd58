import type { Command } from "commander";
import { withStore } from "../context.ts";
import { emit, note, table } from "../output.ts";
import { datasetText, runJson } from "./run/describe.ts";
import { integerOption } from "../flags.ts";
import { linalgBackend } from "./run/flags.ts";

const fmt = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(3);

export function registerReproduce2020(program: Command): void {
  program
    .command("reproduce-2020")
    .description(
      "which controls reproduce the 2020 study's test figures (mean per-image r 0.0088, cosine -0.0018): OLS, voxels = images, mispaired and shuffled images; every row is a stored run",
    )
    .requiredOption("--dataset <name>", "stored dataset (e.g. the demo's demo-sim, or kay)")
    .requiredOption("--features <name>", "feature set of that dataset")
    .option("--layer <name>", "feature layer (default: the feature set's last layer)")
    .option(
      "--seed <n>",
      "seed of the voxel subset, shuffles, permutations and bootstrap",
      integerOption("--seed", { min: 0 }),
      0,
    )
    .option("--permutations <n>", "permutations per run", integerOption("--permutations", { min: 0 }), 100)
    .option("--bootstrap <n>", "bootstrap resamples per run", integerOption("--bootstrap", { min: 0 }), 100)
    .option("--json", "print one JSON document")
    .action(
      async (
        opts: {
          dataset: string;
          features: string;
          layer?: string;
          seed: number;
          permutations: number;
          bootstrap: number;
          json?: boolean;
        },
        command: Command,
      ) => {
        const { reproduce2020, STUDY_2020, REPRODUCES_WITHIN } =
          await import("@neurotranslator/app/reproduce-2020");
        await withStore(command, async (store) => {
          const backend = await linalgBackend();
          const out = await reproduce2020(store, {
            ...opts,
            backend,
            onControl: (i, n, c) => note(`control ${i + 1}/${n}: ${c.label}`),
          });
          const label = { name: out.dataset.name, kind: out.dataset.kind };
          const simulated = label.kind === "simulated";
          emit(
            opts,
            {
              dataset: { ...out.dataset, simulated },
              layer: out.layer,
              study2020: STUDY_2020,
              reproducesWithin: REPRODUCES_WITHIN,
              rows: out.rows.map((r) => ({
                control: r.control.id,
                label: r.control.label,
                solver: r.control.solver,
                controls: r.control.controls ?? null,
                featureR: r.run.metrics.featureR.value,
                sampleR: r.run.metrics.sampleR.value,
                cosine: r.run.metrics.cosine.value,
                reproduces: r.reproduces,
                run: runJson(r.run, label),
              })),
            },
            () =>
              [
                `The 2020 study's failure (test mean per-image r ${STUDY_2020.sampleR}, mean cosine ${STUDY_2020.cosine}): which controls reproduce it on dataset ${datasetText(label)} (${out.dataset.nTrain} training images, ${out.dataset.nVoxels} voxels), layer ${out.layer}`,
                ...(simulated
                  ? ["SIMULATED DATA: the responses come from the simulator, not from a brain"]
                  : []),
                table(
                  [
                    "control",
                    "feature r",
                    "per-image r",
                    "cosine",
                    `reproduces (|r|, |cos| < ${REPRODUCES_WITHIN})`,
                    "run",
                  ],
                  out.rows.map((r) => [
                    r.control.label,
                    fmt(r.run.metrics.featureR.value),
                    fmt(r.run.metrics.sampleR.value),
                    fmt(r.run.metrics.cosine.value),
                    r.reproduces ? "yes" : "no",
                    r.run.id.slice(0, 8),
                  ]),
                ),
                `training-mean baseline (no brain data): per-image r ${fmt(out.rows[0]?.run.metrics.constantBaseline?.sampleR)}, cosine ${fmt(out.rows[0]?.run.metrics.constantBaseline?.cosine)}`,
                "Each row is a stored run (runs show ID); apply a control to your own pipeline with run --solver ols --pairing name-order|shuffled --voxel-subset N.",
              ].join("\n"),
          );
        });
      },
    );
}
