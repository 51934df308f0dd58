import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { NtError } from "@neurotranslator/data/errors";
import { withStore } from "../../context.ts";
import { emit } from "../../output.ts";
import { importFeatureSet, type ImportPair } from "@neurotranslator/app/feature-sets";
import { featureSetJson, featureSetLine } from "./describe.ts";

interface ImportFlags {
  dataset: string;
  name: string;
  trainKey: string[];
  testKey: string[];
  layer: string[];
  layersFromKeys?: boolean;
  modelId?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerFeatureImport(features: Command): void {
  features
    .command("import")
    .description("import feature matrices computed elsewhere (an .npz, e.g. from NumPy) as one feature set")
    .argument("<file>", ".npz holding [nTrain, D] and [nTest, D] matrices per layer")
    .requiredOption(
      "--dataset <name>",
      "dataset the features belong to (rows = its train / test images, in order)",
    )
    .requiredOption("--name <name>", "feature-set name")
    .option("--train-key <key>", "key of a layer's train matrix (repeat for several layers)", collect, [])
    .option("--test-key <key>", "key of that layer's test matrix (repeat, in the same order)", collect, [])
    .option(
      "--layer <name>",
      "layer name for each pair (repeat; default: the train key without a trailing _train)",
      collect,
      [],
    )
    .option(
      "--layers-from-keys",
      "import every <layer>_train / <layer>_test key pair (the layout `features export` writes)",
    )
    .option("--model-id <id>", "model id to record (default imported)")
    .option("--json", "print one JSON document")
    .action(async (file: string, opts: ImportFlags, command: Command) => {
      // The file first: a missing file is the error to fix before any key flag matters.
      if (!existsSync(file)) throw new NtError("NOT_FOUND", `${resolve(file)}: no such feature file`);
      const pairs = opts.layersFromKeys ? undefined : keyPairs(opts);
      await withStore(command, async (store) => {
        const outcome = await importFeatureSet(store, {
          file,
          dataset: opts.dataset,
          name: opts.name,
          ...(pairs ? { pairs } : { layersFromKeys: true }),
          modelId: opts.modelId,
        });
        emit(
          opts,
          {
            featureSet: featureSetJson(outcome.featureSet, outcome.layers, opts.dataset),
            cached: outcome.cached,
          },
          () =>
            outcome.cached
              ? `already imported as feature set "${outcome.featureSet.name}"; nothing was written`
              : `imported ${featureSetLine(outcome.featureSet, outcome.layers)}`,
        );
      });
    });
}

function keyPairs(opts: ImportFlags): ImportPair[] {
  const { trainKey, testKey, layer } = opts;
  if (trainKey.length === 0 || trainKey.length !== testKey.length) {
    throw new NtError(
      "BAD_INPUT",
      `give one --test-key per --train-key (got ${trainKey.length} and ${testKey.length}), or --layers-from-keys`,
    );
  }
  if (layer.length > 0 && layer.length !== trainKey.length) {
    throw new NtError(
      "BAD_INPUT",
      `give one --layer per --train-key (got ${layer.length} and ${trainKey.length}), or none`,
    );
  }
  return trainKey.map((key, i) => ({
    layer: layer[i] ?? key.replace(/_train$/, ""),
    trainKey: key,
    testKey: testKey[i] as string,
  }));
}
