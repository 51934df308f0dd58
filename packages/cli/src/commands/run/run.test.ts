import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openStore } from "@neurotranslator/data";
import { hasNumpy, python, requireNumpyInCi } from "../../testing/python.ts";
import { parseJson, runCli, tempDir } from "../../testing/run-cli.ts";
import { SMALL, storePlanted } from "./planted.test-helper.ts";

requireNumpyInCi();

interface Summary {
  value: number;
  p: number | null;
  ci95: [number, number] | null;
  null: { mean: number } | null;
}
interface RunJson {
  runId: string;
  layer: string;
  rois: string[];
  metrics: Record<string, Summary | null | number | string>;
  timings: Record<string, number>;
  engine: { linalg: { name: string } };
}

describe("run / runs commands through the real CLI", () => {
  const dir = tempDir();
  const env = { NEUROTRANSLATOR_STORE: join(dir, "store") };
  const fast = ["--permutations", "40", "--bootstrap", "40"];
  const runIds = async () => parseJson<{ runs: RunJson[] }>(await runCli(["runs", "list", "--json"], env)).runs.map((r) => r.runId);
  beforeAll(async () => {
    const store = await openStore({ dir: env.NEUROTRANSLATOR_STORE });
    await storePlanted(store, "planted", SMALL);
    await store.close();
  });

  let ridgeId = "";
  it("run --json prints the contract: runId, metrics with nulls and p-values, timings, engine", async () => {
    const result = parseJson<RunJson>(await runCli(["run", "--dataset", "planted", "--features", "planted", "--layer", "early", "--rois", "V1", ...fast, "--json"], env));
    ridgeId = result.runId;
    for (const name of ["sampleR", "cosine", "featureR", "r2", "identification", "pairwise"]) {
      const s = result.metrics[name] as Summary;
      expect(s.value, name).toEqual(expect.any(Number));
      expect(s.null?.mean, name).toEqual(expect.any(Number));
      expect(s.p, name).toEqual(expect.any(Number));
      expect(s.ci95, name).toHaveLength(2);
    }
    // No model for the planted features: the classifier fields are present and null.
    expect(result.metrics).toMatchObject({ top1Agreement: null, top5Overlap: null });
    expect(result.timings).toHaveProperty("fit");
    expect(result.engine.linalg.name).toEqual(expect.any(String));
    expect((result.metrics["featureR"] as Summary).p).toBeLessThan(0.05);
  });

  it("shows, compares, exports (npz, csv) and removes runs", async () => {
    const shown = parseJson<RunJson & { dataset: string; nImages: number }>(await runCli(["runs", "show", ridgeId, "--json"], env));
    expect(shown).toMatchObject({ runId: ridgeId, dataset: "planted", layer: "early", rois: ["V1"], nImages: SMALL.nTest });

    const ols = parseJson<RunJson>(await runCli(["run", "--dataset", "planted", "--features", "planted", "--layer", "early", "--solver", "ols", ...fast, "--json"], env));
    const compared = parseJson<{ metrics: { metric: string; delta: number; better: string; exceedsCi: boolean | null }[] }>(await runCli(["runs", "compare", ridgeId, ols.runId, "--json"], env));
    const featureR = compared.metrics.find((m) => m.metric === "featureR")!;
    expect(featureR.better).toBe(featureR.delta > 0 ? "a" : "b");
    expect(compared.metrics.map((m) => m.metric)).toEqual(["sampleR", "cosine", "featureR", "r2", "identification", "pairwise"]);
    expect(typeof featureR.exceedsCi).toBe("boolean");

    const csv = join(dir, "features.csv");
    parseJson(await runCli(["runs", "export", ridgeId, "--out", csv, "--table", "features", "--json"], env));
    const lines = readFileSync(csv, "utf8").trim().split("\n");
    expect(lines[0]).toBe("feature_index,r,r2,alpha");
    expect(lines).toHaveLength(SMALL.dim + 1);
    const imagesCsv = join(dir, "images.csv");
    parseJson(await runCli(["runs", "export", ridgeId, "--out", imagesCsv, "--json"], env));
    expect(readFileSync(imagesCsv, "utf8").trim().split("\n")).toHaveLength(SMALL.nTest + 1);

    if (hasNumpy()) {
      const npz = join(dir, "run.npz");
      parseJson(await runCli(["runs", "export", ridgeId, "--out", npz, "--json"], env));
      const shapes = python("import sys,numpy as np; d=np.load(sys.argv[1]); print(';'.join(f'{k}={d[k].shape}' for k in sorted(d.files)))", [npz]).trim();
      expect(shapes).toBe(
        `feature_alpha=(${SMALL.dim},);feature_r=(${SMALL.dim},);feature_r2=(${SMALL.dim},);features_test=(${SMALL.nTest}, ${SMALL.dim});image_cosine=(${SMALL.nTest},);image_pairwise=(${SMALL.nTest},);image_r=(${SMALL.nTest},);image_rank=(${SMALL.nTest},);predictions_test=(${SMALL.nTest}, ${SMALL.dim})`,
      );
    }
    parseJson(await runCli(["runs", "rm", ols.runId, "--json"], env));
    expect(await runIds()).toEqual([ridgeId]);
  });

  it("--rois each runs one decoder per area and prints a table", async () => {
    const result = await runCli(["run", "--dataset", "planted", "--features", "planted", "--layer", "late", "--rois", "each", "--solver", "ridge", "--alpha", "10", ...fast], env);
    expect(result.code).toBe(0);
    const [header, , ...rows] = result.stdout.trim().split("\n");
    expect(header).toMatch(/^run\s+areas\s+layer\s+solver\s+sampleR/);
    expect(rows.map((r) => r.split(/\s+/)[1])).toEqual(["V1", "V2"]);
    expect(await runIds()).toHaveLength(3);
  });

  it("a bad option or name fails before any write, with one clear line", async () => {
    const before = await runIds();
    const bad: [string[], RegExp, number][] = [
      [["--solver", "ridge", "--alpha", "-2"], /ridge: option alpha: alpha must be > 0, got -2/, 1],
      [["--layer", "conv9"], /feature set "planted" has no layer "conv9"; its layers: early, late/, 1],
      [["--rois", "V1,MT"], /dataset "planted" has no visual area "MT"; its areas: V1, V2/, 1],
      [["--cv", "1"], /--cv must be an integer >= 2, got "1"/, 2],
    ];
    for (const [flags, message, code] of bad) {
      const result = await runCli(["run", "--dataset", "planted", "--features", "planted", ...flags, ...fast], env);
      expect(result.code, flags.join(" ")).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
    }
    expect(await runIds()).toEqual(before);
  });
});
