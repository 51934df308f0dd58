import { tf } from "./tf-core.ts";
import type { NdArray } from "@neurotranslator/schema";
import { NtError } from "@neurotranslator/schema";
import type { Preparation } from "./preparation.ts";
import { imageValues, stimulusShape, type StimulusShape } from "./stimuli.ts";
import { globalInterval, mapToUnit, minMax, type ValueInterval } from "./value-range.ts";
import { FastPreparer, apertureMask, cropBox } from "./fast-prepare.ts";

/** An image-to-image model run after gray -> RGB: [N, H, W, 3] in [0, 1] -> same shape. */
export interface Colorizer {
  /** Where it came from (path or URL), for provenance. */
  source: string;
  apply(images: tf.Tensor4D): tf.Tensor4D;
}

/** What the target model expects. */
export interface ModelInputSpec {
  /** [height, width]. */
  size: [number, number];
  /** Value range the model expects; [0, 1] data are scaled linearly onto it. */
  range: [number, number];
}

/**
 * Turns a stimulus set into batches of model input, following a `Preparation` (see its TSDoc for
 * the steps). The dataset-wide value interval is computed once, on construction.
 */
export class StimulusPreparer {
  readonly shape: StimulusShape;
  /** The interval mapped to [0, 1]; undefined for "per-image". */
  readonly interval: ValueInterval | undefined;

  constructor(
    private readonly images: NdArray,
    readonly preparation: Preparation,
    readonly input: ModelInputSpec,
    private readonly colorizer?: Colorizer,
  ) {
    this.shape = stimulusShape(images);
    if ((preparation.colorizer === null) !== (colorizer === undefined)) {
      throw new NtError(
        "BAD_INPUT",
        "preparation.colorizer and the loaded colorizer must be given together (load it with loadColorizer)",
      );
    }
    this.interval = globalInterval(images, preparation.range);
  }

  private fast: FastPreparer | undefined;

  /**
   * Images [start, end) as model input in a plain NHWC Float32Array [end - start, height, width, 3]:
   * what `batch` returns, computed without TF.js (FastPreparer: ~10x cheaper) unless a colorizer
   * (a TF.js model) is part of the preparation. For engines that take host arrays (ONNX).
   */
  batchArray(start: number, end: number): Float32Array {
    if (this.colorizer) {
      const x = this.batch(start, end);
      const values = x.dataSync() as Float32Array;
      x.dispose();
      return values;
    }
    this.checkRange(start, end);
    const [outH, outW] = this.input.size;
    this.fast ??= new FastPreparer(this.shape, this.preparation, outH, outW, this.input.range);
    const size = outH * outW * 3;
    const out = new Float32Array((end - start) * size);
    for (let i = start; i < end; i++) {
      const interval = this.interval ?? perImage(imageValues(this.images, this.shape, i));
      this.fast.write(this.images, i, interval, out, (i - start) * size);
    }
    return out;
  }

  private checkRange(start: number, end: number): void {
    const { n } = this.shape;
    if (!(start >= 0 && end <= n && start < end)) {
      throw new NtError("BAD_INPUT", `stimulus batch [${start}, ${end}) is outside [0, ${n})`);
    }
  }

  /** Images [start, end) as model input: [end - start, height, width, 3] float32. Caller disposes. */
  batch(start: number, end: number): tf.Tensor4D {
    const { height, width, channels } = this.shape;
    this.checkRange(start, end);
    const count = end - start;
    const size = height * width * channels;
    const buffer = new Float32Array(count * size);
    for (let i = 0; i < count; i++) {
      const values = imageValues(this.images, this.shape, start + i);
      const interval = this.interval ?? perImage(values);
      buffer.set(mapToUnit(values, interval), i * size);
    }
    const [outH, outW] = this.input.size;
    const resized = tf.tidy(() => {
      const x = centerCrop(
        tf.tensor4d(buffer, [count, height, width, channels]),
        this.preparation.centerCropFraction,
      );
      return x.shape[1] === outH && x.shape[2] === outW
        ? x
        : tf.image.resizeBilinear(x, [outH, outW], false, true);
    });
    const values = resized.dataSync() as Float32Array;
    resized.dispose();
    // Aperture, gray -> RGB and range scaling in plain JS: tf.tile and broadcasting ops are
    // slow on the wasm backend (tile of a [32, 224, 224, 1] batch: ~0.8 s; this loop: ~20 ms).
    const scale = this.colorizer ? ([0, 1] as const) : this.input.range;
    const mask = apertureMask(this.preparation.aperture, outH, outW);
    const rgb = toModelRgb(values, [count, outH, outW, channels], mask, scale);
    if (!this.colorizer) return tf.tensor4d(rgb, [count, outH, outW, 3]);
    const colorizer = this.colorizer;
    return tf.tidy(() => {
      const x = tf.clipByValue(checkedColorizer(colorizer, tf.tensor4d(rgb, [count, outH, outW, 3])), 0, 1);
      const [lo, hi] = this.input.range;
      return lo === 0 && hi === 1 ? x : tf.add(tf.mul(x, hi - lo), lo);
    });
  }
}

/** [n, h, w, c] (c = 1 or 3) -> [n, h, w, 3]: masked pixels set to `mask.fill`, values v -> lo + v (hi - lo). */
function toModelRgb(
  values: Float32Array,
  [n, h, w, c]: readonly [number, number, number, number],
  mask: { inside: Uint8Array; fill: number } | undefined,
  [lo, hi]: readonly [number, number],
): Float32Array {
  const out = new Float32Array(n * h * w * 3);
  const span = hi - lo;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < h * w; p++) {
      const outside = mask !== undefined && mask.inside[p] === 0;
      for (let k = 0; k < 3; k++) {
        const v = outside
          ? (mask as { fill: number }).fill
          : (values[(i * h * w + p) * c + (c === 1 ? 0 : k)] as number);
        out[(i * h * w + p) * 3 + k] = lo + v * span;
      }
    }
  }
  return out;
}

function perImage(values: Float32Array): ValueInterval {
  const { min, max } = minMax(values);
  return { lo: min, hi: max };
}

function centerCrop(x: tf.Tensor4D, fraction: number): tf.Tensor4D {
  if (fraction === 1) return x;
  const [, h, w] = x.shape;
  const box = cropBox(h, w, fraction);
  return tf.slice(x, [0, box.top, box.left, 0], [-1, box.h, box.w, -1]);
}

function checkedColorizer(colorizer: Colorizer, x: tf.Tensor4D): tf.Tensor4D {
  const y = colorizer.apply(x);
  if (y.shape.length !== 4 || y.shape.some((d, i) => d !== x.shape[i])) {
    throw new NtError(
      "BAD_INPUT",
      `colorizer ${colorizer.source}: output shape [${y.shape.join(", ")}] differs from its input [${x.shape.join(", ")}]`,
    );
  }
  return y;
}
