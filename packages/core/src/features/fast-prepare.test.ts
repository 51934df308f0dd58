import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { initTfEngine } from "./tf-engine.ts";
import { parsePreparation, type PreparationInput } from "./preparation.ts";
import { StimulusPreparer } from "./prepare-stimuli.ts";
import { axisPlan } from "./fast-prepare.ts";
import { Prng } from "../random/prng.ts";

beforeAll(async () => {
  await initTfEngine({ prefer: "cpu" });
});

const RANGES: PreparationInput["range"][] = [
  { mode: "robust-global", lowPercentile: 2, highPercentile: 97 },
  { mode: "minmax-global" },
  { mode: "per-image" },
  { mode: "clip", min: -0.5, max: 0.7 },
];
const APERTURES: PreparationInput["aperture"][] = [
  { kind: "none" },
  { kind: "circle", radiusFraction: 0.9, fill: 0.25 },
];
const CROPS = [1, 0.8, 0.55];
const SETS = [
  { what: "gray 12x12 -> 20x20 (up)", shape: [3, 12, 12], size: [20, 20] as [number, number] },
  { what: "RGB 17x13 -> 7x9 (down, non-square)", shape: [2, 17, 13, 3], size: [7, 9] as [number, number] },
  { what: "gray 10x10 -> 10x10 (no resize)", shape: [2, 10, 10], size: [10, 10] as [number, number] },
];

describe("StimulusPreparer.batchArray (FastPreparer) vs the TF.js preparation", () => {
  it("half-pixel bilinear indices: closed form for 2 -> 4 samples", () => {
    // source x = (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25
    const plan = axisPlan(2, 4, 0);
    expect(Array.from(plan.i0)).toEqual([0, 0, 0, 1]);
    expect(Array.from(plan.i1)).toEqual([0, 1, 1, 1]);
    expect(Array.from(plan.frac)).toEqual([-0.25, 0.25, 0.75, 0.25]);
  });

  it("equals StimulusPreparer.batch to 1e-5 for every crop x aperture x value range x model range, gray and RGB", () => {
    const tensorsBefore = tf.memory().numTensors;
    const prng = new Prng(20240611);
    const random = () => prng.nextFloat();
    for (const set of SETS) {
      const count = set.shape.reduce((a, b) => a * b, 1);
      // Roughly centred on 0 with a few extreme values, as Kay stimuli are.
      const data = Float32Array.from({ length: count }, (_, i) => (i % 97 === 0 ? 8 : random() - 0.5));
      const images = { dtype: "float32" as const, shape: set.shape, data };
      for (const range of RANGES)
        for (const aperture of APERTURES)
          for (const crop of CROPS)
            for (const modelRange of [
              [0, 1],
              [-1, 1],
            ] as [number, number][]) {
              const label = `${set.what} ${JSON.stringify({ range, aperture, crop, modelRange })}`;
              const prep = new StimulusPreparer(
                images,
                parsePreparation({ range, aperture, centerCropFraction: crop }),
                { size: set.size, range: modelRange },
              );
              const n = set.shape[0] as number;
              const reference = prep.batch(0, n);
              const expected = reference.dataSync() as Float32Array;
              reference.dispose();
              const fast = prep.batchArray(0, n);
              expect(fast.length, label).toBe(expected.length);
              let worst = 0;
              for (let i = 0; i < fast.length; i++)
                worst = Math.max(worst, Math.abs((fast[i] as number) - (expected[i] as number)));
              expect(worst, label).toBeLessThan(1e-5);
              // A sub-batch starting mid-set lands on the same values.
              const tail = prep.batchArray(1, n);
              expect(Array.from(tail), label).toEqual(Array.from(fast.subarray(fast.length / n)));
            }
    }
    // Every tensor the TF.js reference path made was disposed: none is left over from the preparations.
    expect(tf.memory().numTensors - tensorsBefore).toBe(0);
  });

  it("refuses batches outside the set", () => {
    const prep = new StimulusPreparer(
      { dtype: "uint8", shape: [1, 2, 2], data: new Uint8Array(4) },
      parsePreparation(),
      { size: [2, 2], range: [0, 1] },
    );
    expect(() => prep.batchArray(0, 2)).toThrow(/outside \[0, 1\)/);
  });
});
