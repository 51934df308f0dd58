import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson, runCli, tempDir } from "../../testing/run-cli.ts";
import { SHARED_MODEL_DIR } from "@neurotranslator/app/testing/assets";

interface SimulateJson {
  dataset: {
    name: string;
    kind: string;
    nTrain: number;
    nTest: number;
    nVoxels: number;
    meta: { groundTruth: { areas: { layer: string }[] } };
  };
  featureSet: { name: string; layers: { layer: string; dim: number }[] };
  simulated: boolean;
  groundTruth: {
    seed: number;
    preset: string;
    areas: { area: string; layer: string; snr: number; ceilingTest: { analytic: number } }[];
  };
}

// The real CLI end to end: default stimuli folder (../shared/data/kay-stimuli), the genuine MobileNet via NEUROTRANSLATOR_MODEL.
describe("dataset simulate, then features, through the CLI", () => {
  const dir = tempDir();
  const env = {
    NEUROTRANSLATOR_STORE: join(dir, "store"),
    NEUROTRANSLATOR_MODEL: SHARED_MODEL_DIR,
    NEUROTRANSLATOR_CACHE: join(dir, "cache"),
  };

  it("simulates, reports the ground truth, and leaves features that extract finds cached (export and import are tested in-process)", async () => {
    const sim = parseJson<SimulateJson>(
      await runCli(
        [
          "dataset",
          "simulate",
          "--name",
          "sim",
          "--n-train",
          "24",
          "--n-test",
          "6",
          "--voxel-scale",
          "0.02",
          "--seed",
          "5",
          "--snr",
          "V1=2,LatOcc=0.25",
          "--json",
        ],
        env,
      ),
    );
    expect(sim.dataset).toMatchObject({ name: "sim", kind: "simulated", nTrain: 24, nTest: 6, nVoxels: 170 });
    expect(sim.groundTruth).toMatchObject({ seed: 5, preset: "realistic" });
    expect(sim.simulated).toBe(true);
    expect(sim.groundTruth.areas.map((a) => `${a.area}:${a.layer}:${a.snr}`)).toEqual([
      "V1:gabor_energy:2",
      "V2:conv2d_3:0.4",
      "V3:conv2d_5:0.3",
      "V3A:conv2d_7:0.15",
      "V3B:conv2d_7:0.12",
      "V4:conv2d_11:0.12",
      "LatOcc:global_pool:0.25",
    ]);
    // 13 test repeats: analytic ceiling sqrt(13 s / (13 s + 1)) at the median SNR s (voxel SNRs scatter
    // around it), about 0.97 for V1's responsive voxels; the area mean counts its 30% silent voxels as 0.
    expect(sim.groundTruth.areas[0]?.ceilingTest.analytic).toBeGreaterThan(0.55);
    expect(sim.groundTruth.areas[0]?.ceilingTest.analytic).toBeLessThan(0.75);
    expect(sim.featureSet.name).toBe("mobilenet_v1_025_224");

    const extracted = parseJson<{
      cached: boolean;
      featureSet: { name: string; extraction: { images: number; engine: { name: string } } };
    }>(await runCli(["features", "extract", "--dataset", "sim", "--json"], env));
    expect(extracted).toMatchObject({
      cached: true,
      featureSet: { name: "mobilenet_v1_025_224", extraction: { images: 30 } },
    });
  });

  it("simulates on synthetic dead-leaves images where no stimuli folder is given or present, and says so", async () => {
    const result = await runCli(
      [
        "dataset",
        "simulate",
        "--name",
        "synth",
        "--synthetic-stimuli",
        "--n-train",
        "24",
        "--n-test",
        "6",
        "--voxel-scale",
        "0.02",
        "--json",
      ],
      env,
    );
    const sim = parseJson<SimulateJson & { stimuliDir: string; dataset: { source: { stimuli?: string } } }>(
      result,
    );
    expect(sim.dataset).toMatchObject({
      name: "synth",
      kind: "simulated",
      nTrain: 24,
      nTest: 6,
      source: { stimuli: "dead-leaves" },
    });
    expect(sim.stimuliDir).toMatch(/^synthetic dead-leaves images/);
  });

  it("refuses bad options with one line on stderr and exit 1, before any work", async () => {
    const result = await runCli(["dataset", "simulate", "--name", "bad", "--n-test", "2"], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('error: --n-test must be an integer in 3..9007199254740991, got "2"');
    expect(result.stdout).toBe("");
  });
});
