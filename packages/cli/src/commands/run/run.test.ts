import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openStore } from "@neurotranslator/data";
import { numpySkipNote, python } from "@neurotranslator/app/testing/python";
import { parseJson, runCli, tempDir } from "../../testing/run-cli.ts";
import { SMALL, storePlanted } from "@neurotranslator/app/testing/planted";

const noNumpy = numpySkipNote();

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
  const runIds = async () =>
    parseJson<{ runs: RunJson[] }>(await runCli(["runs", "list", "--json"], env)).runs.map((r) => r.runId);
  beforeAll(async () => {
    const store = await openStore({ dir: env.NEUROTRANSLATOR_STORE });
    await storePlanted(store, "planted", SMALL);
    await store.close();
  });

  let ridgeId = "";
  it("run --json prints the contract: runId, metrics with nulls and p-values, timings, engine", async () => {
    const result = parseJson<RunJson>(
      await runCli(
        [
          "run",
          "--dataset",
          "planted",
          "--features",
          "planted",
          "--layer",
          "early",
          "--rois",
          "V1",
          ...fast,
          "--json",
        ],
        env,
      ),
    );
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
    // The strongest trivial competitor and the alpha grid's rule travel with the metrics.
    expect(result.metrics["constantBaseline"]).toMatchObject({
      method: "training-mean",
      featureR: null,
      sampleR: expect.any(Number),
      cosine: expect.any(Number),
    });
    expect(result.metrics["alphaSelection"]).toMatchObject({
      rule: "relative",
      nTargets: SMALL.dim,
      atLowEdge: expect.any(Number),
      atHighEdge: expect.any(Number),
    });
    // The planted dataset is simulated: the run says so.
    expect(result).toMatchObject({ datasetName: "planted", datasetKind: "simulated", simulated: true });
  });

  it("a control run (name-order pairing, voxel subset) is stored with its control and labelled in show", async () => {
    const control = parseJson<RunJson & { config: { controls?: unknown } }>(
      await runCli(
        [
          "run",
          "--dataset",
          "planted",
          "--features",
          "planted",
          "--layer",
          "early",
          "--solver",
          "ols",
          "--pairing",
          "name-order",
          "--voxel-subset",
          "20",
          ...fast,
          "--json",
        ],
        env,
      ),
    );
    expect(control.config.controls).toEqual({ pairing: "name-order", voxelSubset: 20 });
    const text = await runCli(["runs", "show", control.runId], env);
    expect(text.stdout).toContain(
      "control: name-order pairing (deliberately mispaired), 20-voxel random subset",
    );
    expect(text.stdout).toContain("dataset planted (simulated)");
    expect(text.stdout).toContain("SIMULATED DATA");
    const tooMany = await runCli(
      ["run", "--dataset", "planted", "--features", "planted", "--voxel-subset", "100000", ...fast],
      env,
    );
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toMatch(/--voxel-subset 100000 is more than the \d+ voxels of dataset "planted"/);
    parseJson(await runCli(["runs", "rm", control.runId, "--json"], env));
  });

  it("runs export writes a .npz that NumPy reads with the documented shapes", async (ctx) => {
    if (noNumpy !== undefined) ctx.skip(noNumpy);
    const npz = join(dir, "run.npz");
    parseJson(await runCli(["runs", "export", ridgeId, "--out", npz, "--json"], env));
    const shapes = python(
      "import sys,numpy as np; d=np.load(sys.argv[1]); print(';'.join(f'{k}={d[k].shape}' for k in sorted(d.files)))",
      [npz],
    ).trim();
    expect(shapes).toBe(
      `feature_alpha=(${SMALL.dim},);feature_r=(${SMALL.dim},);feature_r2=(${SMALL.dim},);features_test=(${SMALL.nTest}, ${SMALL.dim});image_cosine=(${SMALL.nTest},);image_pairwise=(${SMALL.nTest},);image_r=(${SMALL.nTest},);image_rank=(${SMALL.nTest},);predictions_test=(${SMALL.nTest}, ${SMALL.dim})`,
    );
  });

  it("shows, compares and removes runs", async () => {
    const shown = parseJson<RunJson & { dataset: string; nImages: number }>(
      await runCli(["runs", "show", ridgeId, "--json"], env),
    );
    expect(shown).toMatchObject({
      runId: ridgeId,
      dataset: "planted",
      datasetKind: "simulated",
      simulated: true,
      layer: "early",
      rois: ["V1"],
      nImages: SMALL.nTest,
    });

    const ols = parseJson<RunJson>(
      await runCli(
        [
          "run",
          "--dataset",
          "planted",
          "--features",
          "planted",
          "--layer",
          "early",
          "--solver",
          "ols",
          ...fast,
          "--json",
        ],
        env,
      ),
    );
    const compared = await runCli(["runs", "compare", ridgeId, ols.runId, ridgeId.slice(0, 8)], env);
    expect(compared.stdout).toMatch(
      new RegExp(
        `^run\\s+${ridgeId.slice(0, 8)} \\(base\\)\\s+${ols.runId.slice(0, 8)}\\s+${ridgeId.slice(0, 8)}\n`,
      ),
    );
    expect(compared.stdout).toMatch(/\nsolver\s+ridge-cv\s+ols\s+ridge-cv\n/);
    expect(compared.stdout).toMatch(
      /\nΔ featureR\s+base\s+[+-]\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]\*?\s+\+0\.000 \[0\.000, 0\.000\]\n/,
    );
    const json = parseJson<{
      columns: { id: string }[];
      metrics: { metric: string; differences: unknown[] }[];
    }>(await runCli(["runs", "compare", ridgeId, ols.runId, "--json"], env));
    expect(json.columns.map((c) => c.id)).toEqual([ridgeId, ols.runId]);
    expect(json.metrics[0]).toMatchObject({
      metric: "featureR",
      differences: [null, { delta: expect.any(Number), ci95: [expect.any(Number), expect.any(Number)] }],
    });
    expect(compared.stdout).toMatch(/\ndataset\s+planted \(simulated\)\s+planted \(simulated\)/);

    parseJson(await runCli(["runs", "rm", ols.runId, "--json"], env));
    expect(await runIds()).toEqual([ridgeId]);
  });

  it("--rois each runs one decoder per area and prints a table", async () => {
    const result = await runCli(
      [
        "run",
        "--dataset",
        "planted",
        "--features",
        "planted",
        "--layer",
        "late",
        "--rois",
        "each",
        "--solver",
        "ridge",
        "--alpha",
        "10",
        ...fast,
      ],
      env,
    );
    expect(result.code).toBe(0);
    const [label, header, , ...rows] = result.stdout.trim().split("\n");
    expect(label).toBe("dataset planted (simulated): SIMULATED responses, not brain data");
    expect(header).toMatch(/^run\s+dataset\s+areas\s+layer\s+solver\s+featureR\s+r2\s+sampleR/);
    expect(rows.map((r) => r.split(/\s+/).slice(1, 4))).toEqual([
      ["planted", "(simulated)", "V1"],
      ["planted", "(simulated)", "V2"],
    ]);
  });

  it("short ids: runs list prints 8 characters; show, export and rm take a unique prefix; a non-id is refused", async () => {
    const listed = await runCli(["runs", "list"], env);
    const shortId = ridgeId.slice(0, 8);
    expect(listed.stdout.split("\n").some((line) => line.startsWith(`${shortId} `))).toBe(true);
    expect(listed.stdout).not.toContain(ridgeId);
    expect(parseJson<RunJson>(await runCli(["runs", "show", shortId, "--json"], env)).runId).toBe(ridgeId);
    for (const bad of ["738351cd", "zz", "1234'; drop table runs; --"]) {
      const result = await runCli(["runs", "show", bad], env);
      expect(result.code, bad).toBe(1);
      expect(result.stderr, bad).toMatch(
        /^error: (no run id starts with|run ".*" does not exist \(a run id is a UUID)/,
      );
      expect(result.stderr, bad).not.toMatch(/sql|syntax|uuid:/i);
    }
    const csv = await runCli(["runs", "list", "--csv"], env);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, ...rows] = csv.stdout.trim().split("\n");
    expect(header).toMatch(
      /^run_id,created_at,dataset_id,feature_set_id,layer,areas,solver,featureR,featureR_ci_low,featureR_ci_high,featureR_p,/,
    );
    expect(header).toContain(",sampleR,sampleR_ci_low,sampleR_ci_high,sampleR_p,");
    expect(rows.some((row) => row.startsWith(`${ridgeId},`))).toBe(true);
    expect(header).toMatch(/,dataset_kind,pairing,voxel_subset$/);
    expect(rows.find((row) => row.startsWith(`${ridgeId},`))).toMatch(/,simulated,as-stored,$/);
    const images = join(dir, "images.csv");
    parseJson(await runCli(["runs", "export", shortId, "--out", images, "--json"], env));
    // Exports refuse an extension they do not write, before writing anything.
    const wrong = await runCli(["dataset", "export", "planted", "--out", join(dir, "ds.csv")], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/dataset export --out .*ds\.csv: writes \.npz only, not \.csv/);
    const wrongFeatures = await runCli(
      ["features", "export", "planted", "--dataset", "planted", "--out", join(dir, "f.json")],
      env,
    );
    expect(wrongFeatures.stderr).toMatch(/features export --out .*f\.json: writes \.npz only, not \.json/);
    const noMap = await runCli(
      ["runs", "export", shortId, "--out", join(dir, "m.csv"), "--table", "map"],
      env,
    );
    expect(noMap.stderr).toMatch(/has no area x layer map/);
  });

  it("map prints the area x layer table; sweep skips what is done on a second call", async () => {
    const map = await runCli(
      ["map", "--dataset", "planted", "--features", "planted", "--solver", "ridge", "--alpha", "10", ...fast],
      env,
    );
    expect(map.code, map.stderr).toBe(0);
    const mapId = (await runIds())[0]!; // newest first: the map run
    const mapCsv = join(dir, "m.csv");
    const exported = parseJson<{ rows: number; keys: string[] }>(
      await runCli(["runs", "export", mapId.slice(0, 8), "--out", mapCsv, "--table", "map", "--json"], env),
    );
    expect(exported.keys).toEqual([
      "area",
      "layer",
      "direction",
      "metric",
      "value",
      "ci_low",
      "ci_high",
      "p",
      "p_adjusted",
      "null_mean",
    ]);
    const mapLines = readFileSync(mapCsv, "utf8").trim().split("\n");
    expect(mapLines).toHaveLength(exported.rows + 1);
    // One row per (area, layer, direction, metric): both directions for each of 2 areas x 2 layers.
    const keys = mapLines.slice(1).map((line) => line.split(",").slice(0, 4).join(","));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain("V1,early,encoding,encodingR");
    expect(keys).toContain("V2,late,decoding,featureR");
    const v1Early = mapLines.find((line) => line.startsWith("V1,early,encoding,encodingR,"))!.split(",");
    expect(Number(v1Early[4])).toBeGreaterThan(Number(v1Early[5])); // value above its CI's low end
    expect(Number(v1Early[7])).toBeLessThan(0.05);
    // The FWE-adjusted p is filled for every row and never below its uncorrected p.
    for (const row of mapLines.slice(1).map((line) => line.split(","))) {
      expect(row[8], row.join(",")).not.toBe("");
      expect(Number(row[8])).toBeGreaterThanOrEqual(Number(row[7]));
    }
    expect(map.stdout).toMatch(/area\s+early\s+late\s+best layer/);
    expect(map.stdout).toMatch(/\* p < 0\.05 FWE-corrected over the \d+ cells/);
    expect(map.stdout).toMatch(/Best layer per area .*: V1 (early \(\+|not distinguishable)/);
    expect(map.stdout).toMatch(/V1\s+0\.\d+ \[.*\]\*\s+.*\s+early/);
    expect(map.stdout).toMatch(/V2\s+.*\s+late$/m);
    const config = join(dir, "sweep.yaml");
    writeFileSync(
      config,
      "dataset: planted\nfeatures: planted\nsolvers: [{ name: ridge, options: { alpha: 2 } }]\nrois: [all]\nlayers: [early, late]\npermutations: 10\nbootstrap: 10\n",
    );
    const first = parseJson<{ ran: number; skipped: number }>(await runCli(["sweep", config, "--json"], env));
    expect(first).toMatchObject({ ran: 2, skipped: 0 });
    const second = await runCli(["sweep", config], env);
    expect(second.stdout).toMatch(/= already done \(2\)/);
  });

  it("a bad option or name fails before any write, with one clear line", async () => {
    const before = await runIds();
    // The rest of the refusals are checked in-process (services/run.test.ts).
    const bad: [string[], RegExp, number][] = [
      [["--solver", "ridge", "--alpha", "-2"], /ridge: option alpha: alpha must be > 0, got -2/, 1],
      [["--cv", "1"], /--cv must be an integer >= 2, got "1"/, 2],
    ];
    for (const [flags, message, code] of bad) {
      const result = await runCli(
        ["run", "--dataset", "planted", "--features", "planted", ...flags, ...fast],
        env,
      );
      expect(result.code, flags.join(" ")).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
    }
    expect(await runIds()).toEqual(before);
  });
});
