import type { Command } from "commander";
import { exportNeuromatchLayout } from "@neurotranslator/data";
import { writeNpzFile } from "@neurotranslator/data/formats";
import { checkOutExtension } from "../../out-file.ts";
import { withStore } from "../../context.ts";
import { emit, table } from "../../output.ts";
import { datasetJson, datasetLine, roiSummary } from "./describe.ts";

export function registerManage(dataset: Command): void {
  dataset
    .command("list")
    .description("list the stored datasets")
    .option("--json", "print one JSON document")
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const all = await store.datasets.list();
        emit(opts, { datasets: all.map((d) => datasetJson(d)) }, () =>
          all.length === 0
            ? "no datasets yet: try `neurotranslator dataset fetch kay` or `neurotranslator dataset simulate --name sim`"
            : table(
                ["name", "kind", "train", "test", "voxels", "created"],
                all.map((d) => [
                  d.name,
                  d.kind,
                  d.nTrain,
                  d.nTest,
                  d.nVoxels,
                  d.createdAt.toISOString().slice(0, 19).replace("T", " "),
                ]),
              ),
        );
      });
    });

  dataset
    .command("show")
    .description("show one dataset: sizes, areas, provenance")
    .argument("<name>")
    .option("--json", "print one JSON document")
    .action(async (name: string, opts: { json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const found = await store.datasets.get(name);
        const rois = await store.datasets.rois(found.id);
        const roles = await store.datasets.arrayRoles(found.id);
        emit(opts, { dataset: { ...datasetJson(found, rois), arrays: roles } }, () =>
          [
            datasetLine(found),
            `areas: ${roiSummary(rois)}`,
            `arrays: ${roles.join(", ")}`,
            `content sha256: ${found.contentHash}`,
            `source: ${JSON.stringify(found.source)}`,
          ].join("\n"),
        );
      });
    });

  dataset
    .command("export")
    .description("write a dataset back in the Neuromatch layout (.npz, loadable with numpy.load)")
    .argument("<name>")
    .requiredOption("--out <file>", "output .npz file")
    .option("--compress", "deflate the arrays (np.savez_compressed)")
    .option("--json", "print one JSON document")
    .action(
      async (name: string, opts: { out: string; compress?: boolean; json?: boolean }, command: Command) => {
        checkOutExtension(opts.out, [".npz"], "dataset export");
        await withStore(command, async (store) => {
          const arrays = await exportNeuromatchLayout(store, name);
          writeNpzFile(opts.out, arrays, { compress: Boolean(opts.compress) });
          emit(
            opts,
            {
              dataset: name,
              out: opts.out,
              keys: Object.keys(arrays),
              shapes: Object.fromEntries(Object.entries(arrays).map(([k, a]) => [k, a.shape])),
            },
            () => `wrote ${opts.out} (${Object.keys(arrays).join(", ")})`,
          );
        });
      },
    );

  dataset
    .command("rm")
    .description("delete a dataset with its feature sets and runs")
    .argument("<name>")
    .option("--json", "print one JSON document")
    .action(async (name: string, opts: { json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        await store.datasets.remove(name);
        emit(opts, { removed: name }, () => `removed dataset "${name}" with its feature sets and runs`);
      });
    });
}
