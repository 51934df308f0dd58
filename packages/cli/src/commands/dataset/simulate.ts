import { Option, type Command } from "commander";
import { NtError } from "@neurotranslator/data/errors";
import { readEnv } from "../../env.ts";
import { cacheDir, withStore } from "../../context.ts";
import { extractProgress } from "../features/extract-progress.ts";
import { emit, table } from "../../output.ts";
import { simulateAndStore } from "@neurotranslator/app/simulate";
import { parseInteger, parseNumber } from "../../flags.ts";
import { datasetJson, datasetLine } from "./describe.ts";

/** Counts and the seed go up to the largest exact integer; their messages name the whole range. */
const SAFE_MAX = Number.MAX_SAFE_INTEGER;

interface SimulateFlags {
  name: string;
  stimuliDir?: string;
  syntheticStimuli?: boolean;
  nTrain?: string;
  nTest?: string;
  seed?: string;
  snr?: string;
  voxelScale?: string;
  preset?: "realistic" | "easy";
  model?: string;
  batchSize?: string;
  json?: boolean;
}

export function registerSimulate(dataset: Command): void {
  dataset
    .command("simulate")
    .description(
      "simulate a Kay-shaped dataset from real images with planted area-to-layer tuning (ground truth stored with it)",
    )
    .requiredOption("--name <name>", "name of the dataset in the store")
    .option(
      "--stimuli-dir <dir>",
      "folder of numbered images N.jpg (default ../shared/data/kay-stimuli beside the repository, else synthetic images)",
    )
    .option(
      "--synthetic-stimuli",
      "synthetic dead-leaves images (natural-image-like statistics, no objects) instead of a folder",
    )
    .option("--n-train <n>", "training images (default: all images minus --n-test)")
    .option("--n-test <n>", "test images (default 120)")
    .option("--seed <n>", "seed of every random draw (default 0)")
    .option(
      "--snr <snr>",
      "median single-repeat SNR: one number for all areas, or AREA=X,... (e.g. V1=1.2,LatOcc=0.2)",
    )
    .option("--voxel-scale <x>", "voxels per area = Kay's count x this (0 < x <= 1, default 1: 8,428 voxels)")
    .addOption(
      new Option(
        "--preset <name>",
        "realistic (default: voxels read features no layer holds, Kay-like noise, correlated voxels) or easy (every voxel linear in one layer)",
      ).choices(["realistic", "easy"]),
    )
    .option(
      "--model <id|dir|url>",
      "model for the tuned layers (default $NEUROTRANSLATOR_MODEL, else mobilenet_v1_025_224)",
    )
    .option("--batch-size <n>", "images per forward pass (default 32)")
    .option("--json", "print one JSON document")
    .action(async (opts: SimulateFlags, command: Command) => {
      const env = readEnv();
      const options = {
        name: opts.name,
        stimuliDir: opts.stimuliDir,
        syntheticStimuli: Boolean(opts.syntheticStimuli),
        nTrain: parseInteger("--n-train", opts.nTrain, { min: 3, max: SAFE_MAX }),
        nTest: parseInteger("--n-test", opts.nTest, { min: 3, max: SAFE_MAX }),
        seed: parseInteger("--seed", opts.seed, { min: 0, max: SAFE_MAX }),
        snr: snrFlag(opts.snr),
        voxelScale: parseNumber("--voxel-scale", opts.voxelScale),
        preset: opts.preset,
        batchSize: parseInteger("--batch-size", opts.batchSize, { min: 1, max: 4096 }),
        model: { spec: opts.model, envModel: env.NEUROTRANSLATOR_MODEL, cacheDir: cacheDir() },
        engine: env.NEUROTRANSLATOR_ENGINE,
      };
      await withStore(command, async (store) => {
        const bar = extractProgress();
        const out = await simulateAndStore(store, {
          ...options,
          onDownload: bar.onDownload,
          onProgress: bar.onProgress,
        });
        bar.done(
          `${out.extraction.images} images, ${out.extraction.imagesPerSecond.toFixed(1)} images/s on ${out.extraction.engine.name}`,
        );
        const areas = out.groundTruth.areas.map((a) => ({
          area: a.name,
          voxels: a.nVoxels,
          layer: a.layer,
          readout: a.nonlinearity,
          silentVoxels: a.silentVoxels,
          snr: a.snr,
          ceilingTest: a.ceilingTest,
        }));
        emit(
          opts,
          {
            dataset: datasetJson(out.dataset, out.rois),
            featureSet: {
              name: out.featureSet.name,
              layers: out.featureLayers.map(({ layer, dim }) => ({ layer, dim })),
            },
            simulated: true,
            groundTruth: { seed: out.groundTruth.config.seed, preset: out.groundTruth.config.preset, areas },
            stimuliDir: out.stimuliDir,
            extraction: out.extraction,
            seconds: out.seconds,
          },
          () =>
            [
              `simulated ${datasetLine(out.dataset)} from ${out.stimuliDir}`,
              `features stored as feature set "${out.featureSet.name}" (${out.featureLayers.map((l) => l.layer).join(", ")})`,
              `SIMULATED DATA (preset ${out.groundTruth.config.preset}): the responses come from the simulator, not from a brain`,
              `ground truth (seed ${out.groundTruth.config.seed}; ceilings: mean over an area's voxels, silent ones 0):`,
              table(
                [
                  "area",
                  "voxels",
                  "silent",
                  "source features",
                  "read-out",
                  "SNR",
                  "ceiling (analytic)",
                  "ceiling (measured)",
                ],
                areas.map((a) => [
                  a.area,
                  a.voxels,
                  a.silentVoxels,
                  a.layer,
                  a.readout,
                  a.snr,
                  a.ceilingTest.analytic.toFixed(3),
                  a.ceilingTest.measured.toFixed(3),
                ]),
              ),
            ].join("\n"),
        );
      });
    });
}

/** "0.5" -> 0.5 for every area; "V1=1,V4=0.3" -> per area (the simulator rejects unknown areas). */
function snrFlag(value: string | undefined): number | Record<string, number> | undefined {
  if (value === undefined || !value.includes("=")) return parseNumber("--snr", value);
  return Object.fromEntries(
    value.split(",").map((part) => {
      const [area, x, extra] = part.split("=");
      if (!area || x === undefined || extra !== undefined)
        throw new NtError("BAD_INPUT", `--snr "${value}": expected a number or AREA=X,AREA=X`);
      return [area.trim(), parseNumber(`--snr ${area.trim()}`, x)];
    }),
  );
}
