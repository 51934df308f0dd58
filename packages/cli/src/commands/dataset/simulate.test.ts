import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson, runCli, tempDir } from "../../testing/run-cli.ts";
import { SHARED_MODEL_DIR } from "../../services/test-assets.ts";

interface SimulateJson {
  dataset: { name: string; kind: string; nTrain: number; nTest: number; nVoxels: number; meta: { groundTruth: { areas: { layer: string }[] } } };
  featureSet: { name: string; layers: { layer: string; dim: number }[] };
  groundTruth: { seed: number; areas: { area: string; layer: string; snr: number; ceilingTest: { analytic: number } }[] };
}

// The real CLI end to end: default stimuli folder (../shared/data/kay-stimuli), the genuine MobileNet via NEUROTRANSLATOR_MODEL.
describe("dataset simulate, then features, through the CLI", () => {
  const dir = tempDir();
  const env = { NEUROTRANSLATOR_STORE: join(dir, "store"), NEUROTRANSLATOR_MODEL: SHARED_MODEL_DIR, NEUROTRANSLATOR_CACHE: join(dir, "cache") };

  it("simulates, reports the ground truth, and leaves features that extract finds cached (export and import are tested in-process)", async () => {
    const sim = parseJson<SimulateJson>(await runCli(["dataset", "simulate", "--name", "sim", "--n-train", "24", "--n-test", "6", "--voxel-scale", "0.02", "--seed", "5", "--snr", "V1=2,LatOcc=0.25", "--json"], env));
    expect(sim.dataset).toMatchObject({ name: "sim", kind: "simulated", nTrain: 24, nTest: 6, nVoxels: 170 });
    expect(sim.groundTruth.seed).toBe(5);
    expect(sim.groundTruth.areas.map((a) => `${a.area}:${a.layer}:${a.snr}`)).toEqual([
      "V1:conv2d_1:2", "V2:conv2d_3:0.8", "V3:conv2d_5:0.6", "V3A:conv2d_7:0.5", "V3B:conv2d_7:0.4", "V4:conv2d_11:0.5", "LatOcc:global_pool:0.25",
    ]);
    // 13 test repeats: analytic ceiling sqrt(13 s / (13 s + 1)) at the median SNR s (voxel SNRs scatter around it).
    expect(sim.groundTruth.areas[0]?.ceilingTest.analytic).toBeGreaterThan(0.9);
    expect(sim.featureSet.name).toBe("mobilenet_v1_025_224");

    const extracted = parseJson<{ cached: boolean; featureSet: { name: string; extraction: { images: number; engine: { name: string } } } }>(await runCli(["features", "extract", "--dataset", "sim", "--json"], env));
    expect(extracted).toMatchObject({ cached: true, featureSet: { name: "mobilenet_v1_025_224", extraction: { images: 30 } } });
  });

  it("simulates on synthetic dead-leaves images where no stimuli folder is given or present, and says so", async () => {
    const result = await runCli(["dataset", "simulate", "--name", "synth", "--synthetic-stimuli", "--n-train", "24", "--n-test", "6", "--voxel-scale", "0.02", "--json"], env);
    const sim = parseJson<SimulateJson & { stimuliDir: string; dataset: { source: { stimuli?: string } } }>(result);
    expect(sim.dataset).toMatchObject({ name: "synth", kind: "simulated", nTrain: 24, nTest: 6, source: { stimuli: "dead-leaves" } });
    expect(sim.stimuliDir).toMatch(/^synthetic dead-leaves images/);
  });

  it("refuses bad options with one line on stderr and exit 1, before any work", async () => {
    const result = await runCli(["dataset", "simulate", "--name", "bad", "--n-test", "2"], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("error: --n-test must be an integer in 3..9007199254740991, got \"2\"");
    expect(result.stdout).toBe("");
  });
});
