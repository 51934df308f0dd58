import { Option, type Command } from "commander";
import { importBundle, readKayNpz, readVim1, type DatasetBundle, type Store } from "@neurotranslator/data";
import { withStore } from "../../context.ts";
import { emit, note } from "../../output.ts";
import { datasetJson, datasetLine, roiSummary } from "./describe.ts";

const nanOption = () =>
  new Option(
    "--nan-voxels <policy>",
    "voxels with NaN/Inf responses: drop them (reported per area) or refuse the file",
  ).choices(["drop", "error"]);

export function registerImport(dataset: Command): void {
  dataset
    .command("import")
    .description("import a dataset in the Neuromatch Kay layout (kay_images.npz)")
    .argument(
      "<file>",
      "the .npz file (keys stimuli, stimuli_test, responses, responses_test, roi, roi_names)",
    )
    .requiredOption("--name <name>", "name of the dataset in the store")
    .option("--labels <file>", "kay_labels.npy: 4 x nTrain WordNet labels")
    .option("--labels-test <file>", "kay_labels_val.npy: 4 x nTest WordNet labels")
    .addOption(nanOption().default("error"))
    .option("--json", "print one JSON document")
    .action(
      async (
        file: string,
        opts: {
          name: string;
          labels?: string;
          labelsTest?: string;
          nanVoxels: "drop" | "error";
          json?: boolean;
        },
        command: Command,
      ) => {
        const bundle = await readKayNpz(file, {
          labels: opts.labels,
          labelsTest: opts.labelsTest,
          nanVoxels: opts.nanVoxels,
        });
        await withStore(command, (store) => storeAndReport(store, opts.name, bundle, opts));
      },
    );

  dataset
    .command("import-vim1")
    .description("import CRCNS vim-1 (EstimatedResponses.mat + Stimuli.mat) for one subject")
    .requiredOption("--responses <file>", "EstimatedResponses.mat")
    .requiredOption("--stimuli <file>", "Stimuli.mat")
    .addOption(new Option("--subject <n>", "subject").choices(["1", "2"]).makeOptionMandatory())
    .requiredOption("--name <name>", "name of the dataset in the store")
    .addOption(nanOption().default("drop"))
    .option("--include-other", "keep voxels outside the seven named areas (ROI code 0)")
    .option("--json", "print one JSON document")
    .action(
      async (
        opts: {
          responses: string;
          stimuli: string;
          subject: "1" | "2";
          name: string;
          nanVoxels: "drop" | "error";
          includeOther?: boolean;
          json?: boolean;
        },
        command: Command,
      ) => {
        const bundle = await readVim1({
          responses: opts.responses,
          stimuli: opts.stimuli,
          nanVoxels: opts.nanVoxels,
          subject: opts.subject === "1" ? 1 : 2,
          includeOther: Boolean(opts.includeOther),
        });
        await withStore(command, (store) => storeAndReport(store, opts.name, bundle, opts));
      },
    );
}

/** Stores a validated bundle and reports it; shared by import, import-vim1, fetch and simulate. */
export async function storeAndReport(
  store: Store,
  name: string,
  bundle: DatasetBundle,
  opts: { json?: boolean },
): Promise<void> {
  const started = Date.now();
  const { dataset, alreadyImported } = await importBundle(store, name, bundle);
  const rois = await store.datasets.rois(dataset.id);
  if (bundle.nanReport && bundle.nanReport.dropped > 0) {
    note(
      `dropped ${bundle.nanReport.dropped} voxels with NaN/Inf responses: ${Object.entries(
        bundle.nanReport.perRoi,
      )
        .map(([roi, n]) => `${roi} ${n}`)
        .join(", ")}`,
    );
  }
  emit(
    opts,
    {
      dataset: datasetJson(dataset, rois),
      alreadyImported,
      nanVoxels: bundle.nanReport ?? null,
      seconds: (Date.now() - started) / 1000,
    },
    () =>
      alreadyImported
        ? `already imported: the same content is stored as dataset "${dataset.name}"; nothing was written`
        : `imported ${datasetLine(dataset)}\nareas: ${roiSummary(rois)}`,
  );
}
