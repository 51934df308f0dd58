import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SMALL, usePlantedStore } from "./testing/planted.ts";
import { compareStoredRuns } from "./compare-runs.ts";
import { exportRun } from "./run-export.ts";
import { executeRun, executeRunRequest, planRun } from "./run.ts";

const fast = { permutations: 50, bootstrap: 50 };

describe("run service on planted data (V = 120 voxels > nTrain = 80)", () => {
  const planted = usePlantedStore();

  it("stores the run with config, provenance, per-image results and arrays of the right shapes", async () => {
    const plan = await planRun(planted.store, {
      dataset: "planted",
      features: "planted",
      layer: "early",
      solver: "ridge-cv",
      seed: 2,
      ...fast,
    });
    const notes: string[] = [];
    const { run, reused, classifierNote } = await executeRun(planted.store, plan, {
      onNote: (m) => notes.push(m),
    });
    expect(reused).toBe(false);
    expect(classifierNote).toMatch(/no model location/);
    const stored = await planted.store.runs.get(run.id);
    expect(stored.config).toMatchObject({ layer: "early", rois: [], seed: 2, solver: { name: "ridge-cv" } });
    expect(stored.engine).toHaveProperty("linalg.name");
    // ridge-cv's planner: 80 images < 120 voxels is the dual form; this small a kernel stays "mixed".
    expect(stored.engine["plan"]).toEqual({
      engine: (stored.engine["linalg"] as { name: string }).name,
      form: "dual",
      precision: "mixed",
    });
    expect(stored.timings).toHaveProperty("fit");
    expect(stored.metrics.nTest).toBe(SMALL.nTest);
    expect(stored.metrics.featureR.p).not.toBeNull();
    expect((await planted.store.runs.array(run.id, "predictions")).shape).toEqual([SMALL.nTest, SMALL.dim]);
    expect((await planted.store.runs.array(run.id, "featureR")).shape).toEqual([SMALL.dim]);
    expect((await planted.store.runs.array(run.id, "alpha")).shape).toEqual([SMALL.dim]);
    expect(await planted.store.runs.images(run.id)).toHaveLength(SMALL.nTest);
    // V1 carries layer "early": decoding it from V1 alone is far above chance.
    expect(stored.metrics.featureR.value).toBeGreaterThan(0.5);
  });

  it("stores the permutation-null samples [nMetrics, nPermutations] whose summaries are the stored ones (to float32)", async () => {
    const plan = await planRun(planted.store, {
      dataset: "planted",
      features: "planted",
      layer: "early",
      solver: "ridge-cv",
      seed: 4,
      ...fast,
    });
    const { run } = await executeRun(planted.store, plan);
    const names = run.metrics.nullSampleMetrics!;
    expect(names).toEqual([
      "sampleR",
      "cosine",
      "featureR",
      "r2",
      "identification",
      "rank",
      "rankPercentile",
      "pairwise",
    ]);
    const samples = await planted.store.runs.array(run.id, "nullSamples");
    expect(samples).toMatchObject({ dtype: "float32", shape: [names.length, fast.permutations] });
    names.forEach((name, k) => {
      const row = Array.from(
        (samples.data as Float32Array).subarray(k * fast.permutations, (k + 1) * fast.permutations),
      );
      const m = row.reduce((a, x) => a + x, 0) / row.length;
      const summary = run.metrics[name]!.null!;
      expect(m, name).toBeCloseTo(summary.mean, 5);
      expect(Math.min(...row), name).toBeLessThanOrEqual(summary.p05 + 1e-6);
      expect(Math.max(...row), name).toBeGreaterThanOrEqual(summary.p95 - 1e-6);
    });
    const none = await executeRun(
      planted.store,
      await planRun(planted.store, {
        dataset: "planted",
        features: "planted",
        layer: "early",
        seed: 4,
        permutations: 0,
        bootstrap: 0,
      }),
    );
    expect(none.run.metrics.nullSampleMetrics).toBeUndefined();
    await expect(planted.store.runs.array(none.run.id, "nullSamples")).rejects.toThrow(
      /has no array "nullSamples"/,
    );
  });

  it("ridge-cv beats minimum-norm OLS when voxels outnumber training images", async () => {
    const fit = async (solver: string) =>
      (
        await executeRun(
          planted.store,
          await planRun(planted.store, {
            dataset: "planted",
            features: "planted",
            layer: "late",
            solver,
            ...fast,
          }),
        )
      ).run;
    const [ols, ridge] = [await fit("ols"), await fit("ridge-cv")];
    expect(ridge.metrics.featureR.value).toBeGreaterThan(ols.metrics.featureR.value + 0.05);
    expect(ridge.metrics.r2.value).toBeGreaterThan(ols.metrics.r2.value);
    // The shared compare: OLS - ridge-cv on per-feature r, with a paired bootstrap CI over the same test images below 0.
    const comparison = await compareStoredRuns(planted.store, [ridge.id, ols.id], { nBootstrap: 500 });
    expect(comparison.columns.map((c) => [c.shortId, c.solver, c.dataset])).toEqual([
      [ridge.id.slice(0, 8), "ridge-cv", "planted"],
      [ols.id.slice(0, 8), "ols", "planted"],
    ]);
    const featureR = comparison.metrics.find((m) => m.metric === "featureR")!;
    expect(featureR.values).toEqual([ridge.metrics.featureR.value, ols.metrics.featureR.value]);
    const d = featureR.differences[1]!;
    expect(d.delta).toBeCloseTo(ols.metrics.featureR.value - ridge.metrics.featureR.value, 12);
    expect(d.ci95![0]).toBeLessThanOrEqual(d.delta);
    expect(d.ci95![1]).toBeGreaterThanOrEqual(d.delta);
    expect(d.ci95![1]).toBeLessThan(0);
    expect(d.excludesZero).toBe(true);
  });

  it("exports tidy CSV tables: one row per test image or per feature", async () => {
    const [run] = await planted.store.runs.list({ solver: "ridge-cv" });
    const out = join(planted.dir, "images.csv");
    expect(await exportRun(planted.store, run!.id, out)).toMatchObject({ format: "csv", rows: SMALL.nTest });
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("image_index,r,cosine,rank,pairwise");
    expect(lines).toHaveLength(SMALL.nTest + 1);
    const features = join(planted.dir, "features.csv");
    await exportRun(planted.store, run!.id, features, { table: "features" });
    const rows = readFileSync(features, "utf8").trim().split("\n");
    expect(rows[0]).toBe("feature_index,r,r2,alpha");
    expect(rows).toHaveLength(SMALL.dim + 1);
    await expect(exportRun(planted.store, run!.id, join(planted.dir, "x.txt"))).rejects.toThrow(
      /unknown extension ".txt"; use .npz, .csv or .json/,
    );
  });

  it("refuses bad options, unknown names and areas before anything is computed or written", async () => {
    const before = (await planted.store.runs.list()).length;
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ solver: "ridge", options: { alpha: -1 } }, /ridge: option alpha: alpha must be > 0, got -1/],
      [{ solver: "ridge", options: { alphas: [1] } }, /ridge: unknown option "alphas"; its options: alpha/],
      [{ solver: "magic" }, /unknown solver "magic"; expected one of ols, ridge/],
      [{ layer: "conv9" }, /feature set "planted" has no layer "conv9"; its layers: early, late/],
      [{ rois: ["V9"] }, /dataset "planted" has no visual area "V9"; its areas: V1, V2/],
      [{ dataset: "nope" }, /dataset "nope"/],
      [{ features: "nope" }, /dataset "planted" has no feature set "nope"; its feature sets: planted/],
      [{ seed: -1 }, /field "seed"/],
    ];
    for (const [change, message] of bad) {
      await expect(
        planRun(planted.store, { dataset: "planted", features: "planted", ...change }),
      ).rejects.toThrow(message);
    }
    expect(await planted.store.runs.list()).toHaveLength(before);
  });

  it("executes a queue request once per job id", async () => {
    const request = {
      dataset: "planted",
      features: "planted",
      rois: ["V2"],
      solver: "ridge",
      options: { alpha: 10 },
      seed: 0,
    };
    const first = await executeRunRequest(planted.store, request, { jobId: "job-1", ...fast });
    const again = await executeRunRequest(planted.store, request, { jobId: "job-1", ...fast });
    expect(again).toMatchObject({ reused: true, run: { id: first.run.id } });
    expect(first.run.config).toMatchObject({ rois: ["V2"], layer: "late" });
    expect((await planted.store.runs.list()).filter((r) => r.jobId === "job-1")).toHaveLength(1);
  });
});
