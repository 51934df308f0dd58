import { parseJson, runCli } from "./run-cli.ts";

/** What `simulateSmall` stored: the dataset "sim" and the feature set `dataset simulate` made for it. */
export interface SimulatedDataset {
  dataset: string;
  /** The feature set `dataset simulate` stored (the model's default layers). */
  features: string;
  nTest: number;
}

/**
 * `dataset simulate --name sim --n-train N --n-test M --voxel-scale 0.02` through the CLI, on the store
 * `env` names (with the model at NEUROTRANSLATOR_MODEL when set): 170 voxels, 7 areas, real Kay images.
 */
export async function simulateSmall(
  env: Record<string, string | undefined>,
  size: { nTrain: number; nTest: number },
): Promise<SimulatedDataset> {
  const made = parseJson<{ dataset: { nTest: number } }>(
    await runCli(
      [
        "dataset",
        "simulate",
        "--name",
        "sim",
        "--n-train",
        String(size.nTrain),
        "--n-test",
        String(size.nTest),
        "--voxel-scale",
        "0.02",
        "--json",
      ],
      env,
    ),
  );
  const listed = parseJson<{ featureSets: { name: string }[] }>(
    await runCli(["features", "list", "--dataset", "sim", "--json"], env),
  );
  const features = listed.featureSets[0]?.name;
  if (features === undefined) throw new Error("dataset simulate stored no feature set");
  return { dataset: "sim", features, nTest: made.dataset.nTest };
}
