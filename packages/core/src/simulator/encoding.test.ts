import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { Matrix32 } from "@neurotranslator/schema";
import { initTfEngine } from "../features/tf-engine.ts";
import { extractFeatures } from "../features/extract-features.ts";
import { disposeModel, loadModelDir, type LoadedModel } from "../models/load-model.ts";
import { SHARED_MOBILENET_DIR } from "../models/shared-assets.ts";
import { readKayGray } from "../testing/kay-stimuli.ts";
import { selectLinalgBackend } from "../linalg/select.ts";
import { createSolver } from "../solvers/registry.ts";
import { columnCorrelations } from "./ceiling.ts";
import { simulateDataset, type GrayStack } from "./simulate.ts";
import { EASY_AREAS, GABOR_LAYER } from "./config.ts";
import { gaborEnergyFeatures } from "./gabor-energy.ts";

// 300 real Kay stimuli (read in place from ../shared), features from the genuine MobileNet v1 0.25.
const N_TRAIN = 240;
const N_TEST = 60;
const LAYERS = [...new Set(Object.values(EASY_AREAS).map((a) => a.layer))];

let model: LoadedModel;
let stimuli: GrayStack;
let features: Map<string, Matrix32>;
beforeAll(async () => {
  await initTfEngine();
  model = await loadModelDir(SHARED_MOBILENET_DIR);
  stimuli = readKayGray(N_TRAIN + N_TEST);
  const n = N_TRAIN + N_TEST;
  features = await extractFeatures(
    model,
    { dtype: "float32", shape: [n, stimuli.height, stimuli.width], data: stimuli.data },
    { layers: LAYERS, batchSize: 50 },
  );
}, 120_000);
afterAll(() => disposeModel(model));

/** Rows [start, start + count) of m. */
function rows(m: Matrix32, start: number, count: number): Matrix32 {
  return { rows: count, cols: m.cols, data: m.data.slice(start * m.cols, (start + count) * m.cols) };
}

/** Columns [first, first + count) of m. */
function cols(m: Matrix32, first: number, count: number): Matrix32 {
  const data = new Float32Array(m.rows * count);
  for (let i = 0; i < m.rows; i++)
    data.set(m.data.subarray(i * m.cols + first, i * m.cols + first + count), i * count);
  return { rows: m.rows, cols: count, data };
}

/**
 * Encoding check: ridge-cv (LOO alpha per voxel) from each candidate layer's training features to
 * an area's noisy training responses; mean test correlation over the area's voxels, per layer.
 */
function encodingScores(
  candidates: Map<string, Matrix32>,
  responsesTrain: Matrix32,
  responsesTest: Matrix32,
  first: number,
  count: number,
): Map<string, number> {
  const backend = selectLinalgBackend();
  const yTrain = cols(responsesTrain, first, count);
  const yTest = cols(responsesTest, first, count);
  const scores = new Map<string, number>();
  for (const [layer, f] of candidates) {
    const solver = createSolver("ridge-cv", { standardizeX: true }, { backend });
    solver.fit(rows(f, 0, N_TRAIN), yTrain);
    const pred = solver.predict(rows(f, N_TRAIN, N_TEST));
    const r = columnCorrelations(pred.data, 0, yTest.data, N_TEST, count);
    scores.set(layer, r.reduce((s, x) => s + (Number.isNaN(x) ? 0 : x), 0) / count);
  }
  return scores;
}

function best(scores: Map<string, number>): string {
  return [...scores.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

describe("simulateDataset on real Kay stimuli and MobileNet features: the planted mapping is recoverable", () => {
  it("a per-layer ridge encoding model finds each area's tuned layer, below the known ceiling", () => {
    const sim = simulateDataset(
      { stimuli, features, nTrain: N_TRAIN, nTest: N_TEST },
      { preset: "easy", seed: 11, voxelScale: 0.05 },
    );
    const resp = (a: { shape: number[]; data: unknown }): Matrix32 => ({
      rows: a.shape[0]!,
      cols: a.shape[1]!,
      data: a.data as Float32Array,
    });
    const train = resp(sim.bundle.responsesTrain);
    const test = resp(sim.bundle.responsesTest);
    const table: string[] = [];
    for (const area of sim.groundTruth.areas) {
      const scores = encodingScores(features, train, test, area.firstVoxel, area.nVoxels);
      table.push(
        `${area.name} (${area.layer}): ${[...scores].map(([l, s]) => `${l} ${s.toFixed(3)}`).join(", ")}; ceiling ${area.ceilingTest.analytic.toFixed(3)}`,
      );
      // The exact model class wins; a ridge fit cannot beat the measured noise ceiling (+ sampling slack for 60 images).
      expect(best(scores), table.join("\n")).toBe(area.layer);
      expect(scores.get(area.layer)!).toBeLessThan(area.ceilingTest.measured + 0.05);
    }
    console.log(table.join("\n"));
  }, 60_000);

  it("a V1 tuned to Gabor energy (Kay 2008's model) prefers Gabor features over the CNN's layers", () => {
    const sim = simulateDataset(
      { stimuli, features, nTrain: N_TRAIN, nTest: N_TEST },
      { preset: "easy", seed: 12, voxelScale: 0.05, areas: { V1: { layer: GABOR_LAYER } } },
    );
    const v1 = sim.groundTruth.areas[0]!;
    expect(v1).toMatchObject({ name: "V1", layer: GABOR_LAYER, nFeatures: 192 });
    const candidates = new Map(features);
    candidates.set(
      GABOR_LAYER,
      gaborEnergyFeatures(
        stimuli,
        Int32Array.from(sim.groundTruth.split.trainImages.concat(sim.groundTruth.split.testImages)),
      ),
    );
    const train = {
      rows: N_TRAIN,
      cols: sim.groundTruth.nVoxels,
      data: sim.bundle.responsesTrain.data as Float32Array,
    };
    const test = {
      rows: N_TEST,
      cols: sim.groundTruth.nVoxels,
      data: sim.bundle.responsesTest.data as Float32Array,
    };
    const scores = encodingScores(candidates, train, test, v1.firstVoxel, v1.nVoxels);
    expect(best(scores), JSON.stringify([...scores])).toBe(GABOR_LAYER);
  }, 60_000);
});
