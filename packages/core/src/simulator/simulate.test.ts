import { createHash } from "node:crypto";
import { describe, it, expect } from "vitest";
import type { Matrix32 } from "@neurotranslator/schema";
import { Prng } from "../random/prng.ts";
import { createSolver } from "../solvers/registry.ts";
import { createJsBackend } from "../linalg/js/index.ts";
import { simulateDataset, type SimulatorInput } from "./simulate.ts";
import { analyticCeiling, columnCorrelations, testRetestReliability } from "./ceiling.ts";
import type { SimulatorConfigInput } from "./config.ts";
import { KAY_ROI_NAMES, KAY_ROI_SIZES } from "@neurotranslator/schema";

const LAYER_WIDTHS: Record<string, number> = {
  conv2d_1: 16,
  conv2d_3: 32,
  conv2d_5: 64,
  conv2d_7: 128,
  conv2d_11: 256,
  global_pool: 256,
};

/** n random 8x8 gray images in [0, 1] and rectified-Gaussian features of the default layers' widths. */
function syntheticInput(n: number, nTrain: number, nTest: number, seed = 1): SimulatorInput {
  const rng = new Prng(seed);
  const features = new Map<string, Matrix32>();
  for (const [layer, d] of Object.entries(LAYER_WIDTHS)) {
    features.set(layer, {
      rows: n,
      cols: d,
      data: Float32Array.from({ length: n * d }, () => Math.max(0, rng.normal())),
    });
  }
  return {
    stimuli: { height: 8, width: 8, data: Float32Array.from({ length: n * 64 }, () => rng.nextFloat()) },
    features,
    nTrain,
    nTest,
  };
}

describe("simulateDataset: layout and determinism", () => {
  it("builds the Kay layout: 8,428 voxels with KAY_ROI_SIZES, codes 1..7, float32 arrays, stimuli shifted by -0.5", () => {
    const input = syntheticInput(10, 6, 4);
    const { bundle, groundTruth, repeatsTest, signal } = simulateDataset(input, { preset: "easy", seed: 3 });
    expect(bundle.kind).toBe("simulated");
    expect(bundle.roiNames).toEqual([...KAY_ROI_NAMES]);
    expect(bundle.responsesTrain).toMatchObject({ dtype: "float32", shape: [6, 8428] });
    expect(bundle.responsesTest).toMatchObject({ dtype: "float32", shape: [4, 8428] });
    expect(bundle.stimuliTrain).toMatchObject({ dtype: "float32", shape: [6, 8, 8] });
    expect(bundle.stimuliTest).toMatchObject({ dtype: "float32", shape: [4, 8, 8] });
    expect(repeatsTest).toMatchObject({ dtype: "float32", shape: [13, 4, 8428] });
    expect(signal.test).toMatchObject({ rows: 4, cols: 8428 });
    expect(bundle.roi).toMatchObject({ dtype: "int32", shape: [8428] });
    const counts: Record<string, number> = {};
    for (const code of bundle.roi.data as Int32Array)
      counts[KAY_ROI_NAMES[code]!] = (counts[KAY_ROI_NAMES[code]!] ?? 0) + 1;
    expect(counts).toEqual(KAY_ROI_SIZES);
    expect(groundTruth.areas.map((a) => [a.name, a.code, a.nVoxels, a.firstVoxel])).toEqual([
      ["V1", 1, 1294, 0],
      ["V2", 2, 2083, 1294],
      ["V3", 3, 1790, 3377],
      ["V3A", 4, 484, 5167],
      ["V3B", 5, 314, 5651],
      ["V4", 6, 1535, 5965],
      ["LatOcc", 7, 928, 7500],
    ]);
    // ordered split: train rows 0..5, test rows 6..9, each pixel minus 0.5 (exact in float32 for values in [0, 1])
    expect(groundTruth.split).toEqual({
      mode: "ordered",
      trainImages: [0, 1, 2, 3, 4, 5],
      testImages: [6, 7, 8, 9],
    });
    const st = bundle.stimuliTest.data as Float32Array;
    for (let k = 0; k < st.length; k++)
      expect(st[k]).toBe(Math.fround(input.stimuli.data[6 * 64 + k]! - 0.5));
    // The stored ground truth survives JSON (what the store writes) unchanged.
    expect(JSON.parse(JSON.stringify(bundle.meta))).toEqual({ groundTruth });
    expect(groundTruth.config).toMatchObject({ seed: 3, voxelScale: 1, repeatsTrain: 2, repeatsTest: 13 });
  });

  it("scales areas by voxelScale, and gives the same bytes for the same seed and other bytes for another", () => {
    const input = syntheticInput(40, 30, 10);
    const config: SimulatorConfigInput = { preset: "easy", seed: 5, voxelScale: 0.05, split: "random" };
    const a = simulateDataset(input, config);
    const b = simulateDataset(input, config);
    const c = simulateDataset(input, { ...config, seed: 6 });
    expect(a.groundTruth.areas.map((x) => x.nVoxels)).toEqual([65, 104, 90, 24, 16, 77, 46]);
    for (const key of ["responsesTrain", "responsesTest", "stimuliTrain", "roi"] as const) {
      expect(
        Buffer.from((a.bundle[key].data as Float32Array).buffer).equals(
          Buffer.from((b.bundle[key].data as Float32Array).buffer),
        ),
      ).toBe(true);
    }
    expect(
      Buffer.from((a.repeatsTest!.data as Float32Array).buffer).equals(
        Buffer.from((b.repeatsTest!.data as Float32Array).buffer),
      ),
    ).toBe(true);
    expect(a.bundle.responsesTest.data).not.toEqual(c.bundle.responsesTest.data);
    // random split: 40 distinct rows, stimuli follow the chosen rows
    const rows = [...a.groundTruth.split.trainImages, ...a.groundTruth.split.testImages];
    expect(new Set(rows).size).toBe(40);
    expect(rows).not.toEqual([...rows].sort((x, y) => x - y));
    const first = a.groundTruth.split.trainImages[0]!;
    expect((a.bundle.stimuliTrain.data as Float32Array)[0]).toBe(
      Math.fround(input.stimuli.data[first * 64]! - 0.5),
    );
  });

  it("keeps each stage's draws apart: changing SNRs leaves the noise-free responses as they were", () => {
    const input = syntheticInput(40, 30, 10);
    const a = simulateDataset(input, { preset: "easy", seed: 9, voxelScale: 0.02 });
    const b = simulateDataset(input, {
      preset: "easy",
      seed: 9,
      voxelScale: 0.02,
      areas: { V4: { snr: 3 } },
      sharedNoise: { fraction: 0 },
    });
    expect(b.signal.train.data).toEqual(a.signal.train.data);
    expect(b.bundle.responsesTrain.data).not.toEqual(a.bundle.responsesTrain.data);
    expect(b.groundTruth.areas[5]).toMatchObject({ name: "V4", snr: 3, layer: "conv2d_11" });
  });

  it("plants exact linear tuning: unit training variance, and the tuned layer explains the noise-free response exactly", () => {
    const input = syntheticInput(200, 160, 40);
    const { signal, groundTruth } = simulateDataset(input, { preset: "easy", seed: 2, voxelScale: 0.01 });
    const nv = groundTruth.nVoxels;
    for (let v = 0; v < nv; v++) {
      let m = 0;
      let q = 0;
      for (let i = 0; i < 160; i++) m += signal.train.data[i * nv + v]!;
      for (let i = 0; i < 160; i++) q += signal.train.data[i * nv + v]! ** 2;
      expect(Math.abs(m / 160)).toBeLessThan(1e-5);
      expect(q / 160).toBeCloseTo(1, 5);
    }
    // OLS from V1's layer (16 features, 160 images) to V1's noise-free train responses: R² = 1;
    // from another layer's 16 first features: far from it.
    const v1 = groundTruth.areas[0]!;
    const y = { rows: 160, cols: v1.nVoxels, data: new Float32Array(160 * v1.nVoxels) };
    for (let i = 0; i < 160; i++)
      y.data.set(signal.train.data.subarray(i * nv, i * nv + v1.nVoxels), i * v1.nVoxels);
    const r2 = (layer: string) => {
      const f = input.features.get(layer)!;
      const x = { rows: 160, cols: 16, data: new Float32Array(160 * 16) };
      for (let i = 0; i < 160; i++) x.data.set(f.data.subarray(i * f.cols, i * f.cols + 16), i * 16);
      const ols = createSolver("ols", {}, { backend: createJsBackend() });
      ols.fit(x, y);
      const pred = ols.predict(x).data;
      let res = 0;
      for (let k = 0; k < pred.length; k++) res += (pred[k]! - y.data[k]!) ** 2;
      return 1 - res / (160 * v1.nVoxels); // y has unit variance and zero mean per column
    };
    expect(r2("conv2d_1")).toBeGreaterThan(0.9999);
    expect(r2("conv2d_3")).toBeLessThan(0.3);
  });

  it("rejects inconsistent inputs with messages that name them", () => {
    const input = syntheticInput(10, 6, 4);
    expect(() => simulateDataset({ ...input, nTest: 5 })).toThrow(
      /nTrain 6 \+ nTest 5 = 11 images requested but the stimuli \(10, 8, 8\) hold 10/,
    );
    expect(() => simulateDataset(input, { areas: { V9: { snr: 1 } } })).toThrow(/unknown area\(s\) V9/);
    expect(() => simulateDataset(input, { areas: { V4: { layer: "conv2d_13" } } })).toThrow(
      /tuned to layer "conv2d_13" but the features hold only conv2d_1, conv2d_3/,
    );
    expect(() => simulateDataset(input, { voxelScale: 0 })).toThrow(/simulator config: voxelScale/);
    expect(() =>
      simulateDataset(input, { sharedNoise: { fraction: 0.5, globalFactors: 0, areaFactors: 0 } }),
    ).toThrow(/no shared factors/);
    const bright = { ...input, stimuli: { ...input.stimuli, data: input.stimuli.data.map((x) => x * 255) } };
    expect(() => simulateDataset(bright)).toThrow(/stimuli must be gray values in \[0, 1\]/);
    const short = new Map(input.features);
    short.set("conv2d_1", { rows: 9, cols: 16, data: new Float32Array(9 * 16) });
    expect(() => simulateDataset({ ...input, features: short }, { preset: "easy" })).toThrow(
      /features "conv2d_1" claim shape \(9, 16\) with 144 values, but there are 10 stimuli/,
    );
  });
});

describe("simulateDataset: noise matches its closed forms", () => {
  const input = syntheticInput(600, 200, 400, 4);
  const sim = simulateDataset(input, { preset: "easy", seed: 8, voxelScale: 0.1, repeatsTest: 4 });
  const { groundTruth, voxels, signal } = sim;
  const nv = groundTruth.nVoxels;
  const reps = sim.repeatsTest!.data as Float32Array;

  it("measured test ceilings r(noise-free, mean of repeats) match sqrt(R SNR / (R SNR + 1)) per area", () => {
    for (const a of groundTruth.areas) {
      // 400 test images: per-voxel SE about (1 - r²)/20 < 0.01; averaged over >= 31 voxels.
      expect(Math.abs(a.ceilingTest.measured - a.ceilingTest.analytic), a.name).toBeLessThan(0.02);
      expect(Math.abs(a.ceilingTrain.measured - a.ceilingTrain.analytic), a.name).toBeLessThan(0.03);
    }
    expect(voxels.ceilingTestAnalytic[0]).toBeCloseTo(analyticCeiling(voxels.snr[0]!, 4), 12);
  });

  it("single repeats have noise variance 1/SNR and correlate as SNR / (SNR + 1)", () => {
    let ratio = 0;
    for (let v = 0; v < nv; v++) {
      let q = 0;
      for (let i = 0; i < 400; i++) q += (reps[i * nv + v]! - signal.test.data[i * nv + v]!) ** 2;
      ratio += (q / 400) * voxels.snr[v]!;
    }
    expect(ratio / nv).toBeGreaterThan(0.97);
    expect(ratio / nv).toBeLessThan(1.03);
    const retest = columnCorrelations(reps, 0, reps.subarray(400 * nv, 800 * nv), 400, nv);
    for (const a of groundTruth.areas) {
      let measured = 0;
      for (let v = a.firstVoxel; v < a.firstVoxel + a.nVoxels; v++) measured += retest[v]!;
      let analytic = 0;
      for (let v = a.firstVoxel; v < a.firstVoxel + a.nVoxels; v++)
        analytic += testRetestReliability(voxels.snr[v]!);
      expect(Math.abs(measured / a.nVoxels - analytic / a.nVoxels), a.name).toBeLessThan(0.04);
      expect(a.testRetest).toBeCloseTo(analytic / a.nVoxels, 10);
    }
  });

  it("shares noise across voxels only when asked: mean residual correlation ~0.2 with c = 0.6, ~0 with c = 0", () => {
    const meanNoiseCorrelation = (fraction: number) => {
      const s = simulateDataset(syntheticInput(240, 200, 40, 4), {
        preset: "easy",
        seed: 8,
        voxelScale: 0.02,
        repeatsTest: 2,
        sharedNoise: { fraction },
      });
      const n = s.groundTruth.nVoxels;
      const r = s.repeatsTest!.data as Float32Array;
      const res = Float32Array.from(r.subarray(0, 40 * n), (y, k) => y - s.signal.test.data[k]!);
      let sum = 0;
      let count = 0;
      for (let v = 0; v < n; v += 3) {
        const col = Float32Array.from({ length: 40 * n }, (_, k) => res[Math.floor(k / n) * n + v]!);
        const c = columnCorrelations(col, 0, res, 40, n);
        for (let w = 0; w < n; w++) {
          if (w === v) continue;
          sum += c[w]!;
          count++;
        }
      }
      return sum / count;
    };
    expect(Math.abs(meanNoiseCorrelation(0))).toBeLessThan(0.03);
    expect(meanNoiseCorrelation(0.6)).toBeGreaterThan(0.1);
  });
});

describe("simulateDataset: presets", () => {
  const sha = (sim: ReturnType<typeof simulateDataset>) => {
    const h = createHash("sha256");
    for (const a of [sim.bundle.responsesTrain.data, sim.bundle.responsesTest.data, sim.repeatsTest!.data])
      h.update(Buffer.from((a as Float32Array).buffer));
    return h.digest("hex");
  };

  it("easy gives the bytes of the simulator before presets (measured on main at 6d99894 with { seed: 5, voxelScale: 0.05 })", () => {
    expect(
      sha(simulateDataset(syntheticInput(40, 30, 10), { preset: "easy", seed: 5, voxelScale: 0.05 })),
    ).toBe("57782093f15a10ef175dd67e07347747e4444560894d7dce8ab74026daee4534");
  });

  it("realistic (the default) plants model mismatch: the source layer explains a non-linear area only in part; silent voxels carry no signal", () => {
    const input = syntheticInput(400, 300, 100, 3);
    const { signal, groundTruth, voxels } = simulateDataset(input, { seed: 2, voxelScale: 0.05 });
    expect(groundTruth.config.preset).toBe("realistic");
    const nv = groundTruth.nVoxels;
    const v2 = groundTruth.areas[1]!;
    expect(v2).toMatchObject({
      name: "V2",
      layer: "conv2d_3",
      nonlinearity: "rectified-square",
      hiddenUnits: 64,
      unitsPerVoxel: 8,
    });
    expect(v2.silentVoxels).toBe(Math.round(0.3 * v2.nVoxels));
    const area = (first: number, count: number) => {
      const y = { rows: 300, cols: count, data: new Float32Array(300 * count) };
      for (let i = 0; i < 300; i++)
        y.data.set(signal.train.data.subarray(i * nv + first, i * nv + first + count), i * count);
      return y;
    };
    // OLS from conv2d_3 (32 features, 300 images) to V2's responsive voxels' noise-free responses.
    const y = area(v2.firstVoxel, v2.nVoxels);
    const ols = createSolver("ols", {}, { backend: createJsBackend() });
    const x = { rows: 300, cols: 32, data: input.features.get("conv2d_3")!.data.subarray(0, 300 * 32) };
    ols.fit(x, y);
    const pred = ols.predict(x).data;
    let res = 0;
    let tot = 0;
    let silent = 0;
    for (let v = 0; v < v2.nVoxels; v++) {
      let q = 0;
      for (let i = 0; i < 300; i++) q += y.data[i * v2.nVoxels + v]! ** 2;
      if (q === 0) {
        silent++;
        expect(voxels.snr[v2.firstVoxel + v]).toBe(0);
        continue;
      }
      for (let i = 0; i < 300; i++) res += (pred[i * v2.nVoxels + v]! - y.data[i * v2.nVoxels + v]!) ** 2;
      tot += q;
    }
    expect(silent).toBe(v2.silentVoxels);
    const r2 = 1 - res / tot;
    // Linear in conv2d_3 would give 1 (as the easy preset's test above); the latent factors alone cap it at 0.7.
    expect(r2).toBeGreaterThan(0.05);
    expect(r2).toBeLessThan(0.6);
  });

  it("realistic noise follows the signal: voxel pairs with correlated tuning have correlated noise", () => {
    const s = simulateDataset(syntheticInput(300, 200, 100, 5), {
      seed: 4,
      voxelScale: 0.03,
      repeatsTest: 2,
      silentFraction: 0,
    });
    const n = s.groundTruth.nVoxels;
    const reps = s.repeatsTest!.data as Float32Array;
    const noise = Float32Array.from(reps.subarray(0, 100 * n), (y, k) => y - s.signal.test.data[k]!);
    const pairs: [number, number][] = [];
    for (let v = 0; v < n; v += 2) {
      const col = (m: Float32Array) =>
        Float32Array.from({ length: 100 * n }, (_, k) => m[Math.floor(k / n) * n + v]!);
      const rs = columnCorrelations(
        col(s.signal.test.data as Float32Array),
        0,
        s.signal.test.data as Float32Array,
        100,
        n,
      );
      const rn = columnCorrelations(col(noise), 0, noise, 100, n);
      for (let w = 0; w < n; w++)
        if (w !== v && Number.isFinite(rs[w]!) && Number.isFinite(rn[w]!)) pairs.push([rs[w]!, rn[w]!]);
    }
    const xs = Float32Array.from(pairs, (p) => p[0]);
    const ys = Float32Array.from(pairs, (p) => p[1]);
    const [r] = columnCorrelations(xs, 0, ys, pairs.length, 1);
    expect(r!).toBeGreaterThan(0.3);
  });
});
