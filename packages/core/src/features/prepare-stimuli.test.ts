import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initTfEngine } from "./tf-engine.ts";
import { parsePreparation } from "./preparation.ts";
import { StimulusPreparer } from "./prepare-stimuli.ts";
import { loadColorizer } from "./colorize.ts";

const gray = (n: number, h: number, w: number, values: number[]) => ({
  dtype: "float32" as const,
  shape: [n, h, w],
  data: Float32Array.from(values),
});

beforeAll(async () => {
  await initTfEngine();
});

describe("StimulusPreparer", () => {
  it("resizes bilinearly with half-pixel centres (closed form for a 1x2 -> 1x4 row) and replicates gray to RGB", async () => {
    const prep = new StimulusPreparer(
      gray(1, 1, 2, [0, 1]),
      parsePreparation({ range: { mode: "minmax-global" }, centerCropFraction: 1 }),
      { size: [1, 4], range: [0, 1] },
    );
    // source x = (i + 0.5) * 2/4 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> clamped 0, 0.25, 0.75, 1
    const x = prep.batch(0, 1);
    expect(x.shape).toEqual([1, 1, 4, 3]);
    const v = Array.from(await x.data());
    x.dispose();
    for (let c = 0; c < 3; c++) expect([0, 1, 2, 3].map((i) => v[i * 3 + c])).toEqual([0, 0.25, 0.75, 1]);
  });

  it("fills outside a circular aperture with mid-gray and scales to the model's input range", async () => {
    const prep = new StimulusPreparer(
      gray(
        1,
        4,
        4,
        new Array(16).fill(1).map((_, i) => (i === 0 ? 0 : 1)),
      ),
      parsePreparation({ range: { mode: "clip", min: 0, max: 1 }, aperture: { kind: "circle" } }),
      {
        size: [4, 4],
        range: [-1, 1],
      },
    );
    const v = await prep.batch(0, 1).data();
    // corner pixel (0,0): centre at distance sqrt(2 * 1.5^2) = 2.12 > radius 2 -> 0.5 -> 0 in [-1, 1]
    expect(v[0]).toBeCloseTo(0, 6);
    // pixel (1,1): inside, value 1 -> 1
    expect(v[(1 * 4 + 1) * 3]).toBeCloseTo(1, 6);
  });

  it("normalises each image on its own with per-image range", async () => {
    const prep = new StimulusPreparer(
      gray(2, 1, 2, [0, 2, 10, 30]),
      parsePreparation({ range: { mode: "per-image" } }),
      { size: [1, 2], range: [0, 1] },
    );
    const v = Array.from(await prep.batch(0, 2).data()).filter((_, i) => i % 3 === 0);
    expect(v).toEqual([0, 1, 0, 1]);
  });

  it("rejects 2-channel stimuli and out-of-range batches", () => {
    expect(
      () =>
        new StimulusPreparer(
          { dtype: "uint8", shape: [1, 2, 2, 2], data: new Uint8Array(8) },
          parsePreparation(),
          { size: [2, 2], range: [0, 1] },
        ),
    ).toThrow(/2 channels/);
    const prep = new StimulusPreparer(gray(1, 1, 2, [0, 1]), parsePreparation(), {
      size: [1, 2],
      range: [0, 1],
    });
    expect(() => prep.batch(0, 2)).toThrow(/outside \[0, 1\)/);
  });

  it("applies a colorizer (a 1x1-conv layers model saved to disk) after gray -> RGB", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nt-colorizer-"));
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          inputShape: [null, null, 3] as unknown as number[],
          filters: 3,
          kernelSize: 1,
          useBias: true,
        }),
      ],
    });
    // out_r = 0.5 * g, out_g = g, out_b = 0.25 + 0 (kernel [1, 1, in 3, out 3]; every input channel holds g)
    const kernel = tf.tensor4d([0.5 / 3, 1 / 3, 0, 0.5 / 3, 1 / 3, 0, 0.5 / 3, 1 / 3, 0], [1, 1, 3, 3]);
    model.setWeights([kernel, tf.tensor1d([0, 0, 0.25])]);
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        writeFileSync(join(dir, "weights.bin"), Buffer.from(artifacts.weightData as ArrayBuffer));
        writeFileSync(
          join(dir, "model.json"),
          JSON.stringify({
            format: "layers-model",
            modelTopology: artifacts.modelTopology,
            weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
          }),
        );
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    tf.dispose([kernel, ...model.weights.map((w) => w.read())]);
    const colorizer = await loadColorizer(dir, { cacheDir: join(dir, "cache") });
    const prep = new StimulusPreparer(
      gray(1, 1, 2, [0, 1]),
      parsePreparation({ range: { mode: "minmax-global" }, colorizer: { source: dir } }),
      { size: [1, 2], range: [0, 1] },
      colorizer,
    );
    const x = prep.batch(0, 1);
    expect(Array.from(await x.data()).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([
      0, 0, 0.25, 0.5, 1, 0.25,
    ]);
    x.dispose();
    colorizer.dispose();
  });
});
