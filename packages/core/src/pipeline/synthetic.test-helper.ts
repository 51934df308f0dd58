import type { Matrix32 } from "@neurotranslator/schema";
import { Prng } from "../random/prng.ts";

/**
 * Planted test data (tests only): two "layers" of independent Gaussian features, and areas whose
 * voxels are linear in exactly one layer plus Gaussian noise: x = f · M_area + noise, M with
 * N(0, 1) entries. Everything is drawn from the core's Prng, so a seed fixes the data.
 */
export interface PlantedData {
  responsesTrain: Matrix32;
  responsesTest: Matrix32;
  roi: Int32Array;
  roiNames: string[];
  layers: Map<string, { train: Matrix32; test: Matrix32 }>;
}

export interface PlantedSpec {
  nTrain: number;
  nTest: number;
  /** Feature dimension per layer name. */
  layers: Record<string, number>;
  /** Areas in code order (code = index + 1): voxel count, the layer it is driven by, noise sd; gain 0 = pure noise (default 1). */
  areas: { name: string; voxels: number; layer: string; noise: number; gain?: number }[];
  seed: number;
  /** SD of one noise factor per image added to every voxel (a global signal; default 0). */
  sharedNoise?: number;
}

function gaussian(rng: Prng, rows: number, cols: number, sd = 1): Matrix32 {
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => sd * rng.normal()) };
}

export function planted(spec: PlantedSpec): PlantedData {
  const rng = new Prng(spec.seed);
  const n = spec.nTrain + spec.nTest;
  const feats = new Map(Object.entries(spec.layers).map(([name, d]) => [name, gaussian(rng, n, d)]));
  const v = spec.areas.reduce((s, a) => s + a.voxels, 0);
  const x = new Float32Array(n * v);
  const shared = Float64Array.from({ length: n }, () => (spec.sharedNoise ?? 0) * rng.normal());
  const roi = new Int32Array(v);
  let c0 = 0;
  spec.areas.forEach((area, k) => {
    const f = feats.get(area.layer)!;
    const m = gaussian(rng, f.cols, area.voxels, 1 / Math.sqrt(f.cols));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < area.voxels; j++) {
        let s = 0;
        for (let d = 0; d < f.cols; d++) s += f.data[i * f.cols + d]! * m.data[d * area.voxels + j]!;
        x[i * v + c0 + j] = (area.gain ?? 1) * s + area.noise * rng.normal() + shared[i]!;
      }
    }
    roi.fill(k + 1, c0, c0 + area.voxels);
    c0 += area.voxels;
  });
  const split = (m: Matrix32) => ({
    train: { rows: spec.nTrain, cols: m.cols, data: m.data.slice(0, spec.nTrain * m.cols) },
    test: { rows: spec.nTest, cols: m.cols, data: m.data.slice(spec.nTrain * m.cols) },
  });
  const r = split({ rows: n, cols: v, data: x });
  return {
    responsesTrain: r.train,
    responsesTest: r.test,
    roi,
    roiNames: ["Other", ...spec.areas.map((a) => a.name)],
    layers: new Map([...feats].map(([name, m]) => [name, split(m)])),
  };
}
