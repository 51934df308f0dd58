import type { Command } from "commander";
import { writeNpzFile } from "@neurotranslator/data/formats";
import { checkOutExtension } from "../../out-file.ts";
import { withStore } from "../../context.ts";
import { emit, table } from "../../output.ts";
import {
  exportFeatureSet,
  getFeatureSet,
  listFeatureSets,
  removeFeatureSet,
} from "@neurotranslator/app/feature-sets";
import { featureSetJson, featureSetLine } from "./describe.ts";

export function registerFeatureManage(features: Command): void {
  features
    .command("list")
    .description("list feature sets (of one dataset, or all)")
    .option("--dataset <name>", "only this dataset's feature sets")
    .option("--json", "print one JSON document")
    .action(async (opts: { dataset?: string; json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const all = await listFeatureSets(store, opts.dataset);
        emit(
          opts,
          { featureSets: all.map((e) => featureSetJson(e.featureSet, e.layers, e.datasetName)) },
          () =>
            all.length === 0
              ? "no feature sets yet: try `neurotranslator features extract --dataset NAME`"
              : table(
                  ["dataset", "name", "model", "layers", "created"],
                  all.map((e) => [
                    e.datasetName,
                    e.featureSet.name,
                    e.featureSet.model.id,
                    e.layers.map((l) => `${l.layer}(${l.dim})`).join(" "),
                    e.featureSet.createdAt.toISOString().slice(0, 19).replace("T", " "),
                  ]),
                ),
        );
      });
    });

  features
    .command("show")
    .description("show one feature set: layers with dims, model, preparation, engine, timings")
    .argument("<name>")
    .requiredOption("--dataset <name>", "dataset of the feature set")
    .option("--json", "print one JSON document")
    .action(async (name: string, opts: { dataset: string; json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const { featureSet, layers } = await getFeatureSet(store, opts.dataset, name);
        const json = featureSetJson(featureSet, layers, opts.dataset);
        emit(opts, { featureSet: json }, () =>
          [
            featureSetLine(featureSet, layers),
            `model: ${featureSet.model.id} from ${featureSet.model.source}${featureSet.model.sha256 ? `, sha256 ${featureSet.model.sha256}` : ""}`,
            `preparation: ${JSON.stringify(json.preparation)}`,
            `extraction: ${json.extraction === null ? "(none recorded)" : JSON.stringify(json.extraction)}`,
            `cache key: ${featureSet.cacheKey}`,
          ].join("\n"),
        );
      });
    });

  features
    .command("export")
    .description(
      "write a feature set as .npz: <layer>_train [nTrain, D] and <layer>_test [nTest, D] (numpy.load reads it)",
    )
    .argument("<name>")
    .requiredOption("--dataset <name>", "dataset of the feature set")
    .requiredOption("--out <file>", "output .npz file")
    .option("--compress", "deflate the arrays (np.savez_compressed)")
    .option("--json", "print one JSON document")
    .action(
      async (
        name: string,
        opts: { dataset: string; out: string; compress?: boolean; json?: boolean },
        command: Command,
      ) => {
        checkOutExtension(opts.out, [".npz"], "features export");
        await withStore(command, async (store) => {
          const arrays = await exportFeatureSet(store, opts.dataset, name);
          writeNpzFile(opts.out, arrays, { compress: Boolean(opts.compress) });
          emit(
            opts,
            {
              featureSet: name,
              dataset: opts.dataset,
              out: opts.out,
              shapes: Object.fromEntries(Object.entries(arrays).map(([k, a]) => [k, a.shape])),
            },
            () => `wrote ${opts.out} (${Object.keys(arrays).join(", ")})`,
          );
        });
      },
    );

  features
    .command("rm")
    .description("delete a feature set with its matrices and the runs fitted on it")
    .argument("<name>")
    .requiredOption("--dataset <name>", "dataset of the feature set")
    .option("--json", "print one JSON document")
    .action(async (name: string, opts: { dataset: string; json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        await removeFeatureSet(store, opts.dataset, name);
        emit(
          opts,
          { removed: name, dataset: opts.dataset },
          () => `removed feature set "${name}" of dataset "${opts.dataset}" with its runs`,
        );
      });
    });
}
