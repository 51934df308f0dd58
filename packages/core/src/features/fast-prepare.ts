import type { NdArray } from "@neurotranslator/schema";
import type { Preparation } from "./preparation.ts";
import type { StimulusShape } from "./stimuli.ts";
import type { ValueInterval } from "./value-range.ts";

/**
 * One output axis of a bilinear resize with half-pixel centres (tf.image.resizeBilinear with
 * alignCorners = false, halfPixelCenters = true): output i reads source indices i0[i], i1[i]
 * (already offset by the crop) with weight frac[i] on i1.
 */
export interface AxisPlan {
  i0: Int32Array;
  i1: Int32Array;
  frac: Float64Array;
}

/** The central square kept by `centerCropFraction`: [top, left, side] (the whole image when fraction = 1). */
export function cropBox(
  height: number,
  width: number,
  fraction: number,
): { top: number; left: number; h: number; w: number } {
  if (fraction === 1) return { top: 0, left: 0, h: height, w: width };
  const side = Math.max(1, Math.round(Math.min(height, width) * fraction));
  return { top: Math.floor((height - side) / 2), left: Math.floor((width - side) / 2), h: side, w: side };
}

/** Source indices and weights for resizing `inSize` -> `outSize` samples starting at `offset`, as TF.js computes them. */
export function axisPlan(inSize: number, outSize: number, offset: number): AxisPlan {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const frac = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const source = scale * (i + 0.5) - 0.5;
    const lo = Math.max(0, Math.floor(source));
    // Left of the first centre the weight is negative but i0 = i1 there, so the value is the edge's.
    i0[i] = offset + lo;
    i1[i] = offset + Math.min(inSize - 1, Math.ceil(source));
    frac[i] = source - lo;
  }
  return { i0, i1, frac };
}

/** Which pixels lie inside a circular aperture (centre within radiusFraction x half the shorter side). */
export function apertureMask(
  aperture: Preparation["aperture"],
  h: number,
  w: number,
): { inside: Uint8Array; fill: number } | undefined {
  if (aperture.kind === "none") return undefined;
  const inside = new Uint8Array(h * w);
  const radius = (aperture.radiusFraction * Math.min(h, w)) / 2;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const dy = r + 0.5 - h / 2;
      const dx = c + 0.5 - w / 2;
      inside[r * w + c] = dx * dx + dy * dy <= radius * radius ? 1 : 0;
    }
  }
  return { inside, fill: aperture.fill };
}

/**
 * The whole preparation without a colorizer (range mapping, crop, bilinear resize, aperture, gray
 * -> RGB, scaling to the model's range) in plain loops over precomputed indices and weights, written
 * straight into an NHWC Float32Array. Equals the TF.js path (StimulusPreparer.batch) to float32
 * rounding. Per image: the cropped source rows are mapped to [0, 1] once, each is interpolated
 * along the width, then output rows blend two of those.
 */
export class FastPreparer {
  private readonly rows: AxisPlan;
  private readonly cols: AxisPlan;
  private readonly crop: { top: number; left: number; h: number; w: number };
  private readonly mask: { inside: Uint8Array; fill: number } | undefined;
  /** Scratch: the crop mapped to [0, 1], [crop.h, crop.w, c]; then rows resized along the width, [crop.h, outW, c]. */
  private readonly unit: Float32Array;
  private readonly wide: Float32Array;

  constructor(
    private readonly shape: StimulusShape,
    preparation: Preparation,
    private readonly outH: number,
    private readonly outW: number,
    private readonly range: readonly [number, number],
  ) {
    this.crop = cropBox(shape.height, shape.width, preparation.centerCropFraction);
    // Plans index the crop (offset 0); the crop offset is applied when the source is read.
    this.rows = axisPlan(this.crop.h, outH, 0);
    this.cols = axisPlan(this.crop.w, outW, 0);
    this.mask = apertureMask(preparation.aperture, outH, outW);
    this.unit = new Float32Array(this.crop.h * this.crop.w * shape.channels);
    this.wide = new Float32Array(this.crop.h * outW * shape.channels);
  }

  /** Writes image `index` of `images` as [outH, outW, 3] at `out[offset...]`; `interval` maps its values to [0, 1]. */
  write(images: NdArray, index: number, interval: ValueInterval, out: Float32Array, offset: number): void {
    const { height, width, channels: c } = this.shape;
    const { top, left, h: ch, w: cw } = this.crop;
    const data = images.data as ArrayLike<number>;
    const unit = this.unit;
    const span = interval.hi - interval.lo;
    const base = index * height * width * c;
    for (let r = 0; r < ch; r++) {
      const src = base + ((top + r) * width + left) * c;
      const dst = r * cw * c;
      for (let k = 0; k < cw * c; k++) {
        if (!(span > 0)) {
          unit[dst + k] = 0.5;
          continue;
        }
        const v = (Math.fround(data[src + k] as number) - interval.lo) / span;
        unit[dst + k] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    }
    const { i0: c0, i1: c1, frac: cf } = this.cols;
    const wide = this.wide;
    const outW = this.outW;
    for (let r = 0; r < ch; r++) {
      const row = r * cw * c;
      const dst = r * outW * c;
      for (let x = 0; x < outW; x++) {
        const a = row + (c0[x] as number) * c;
        const b = row + (c1[x] as number) * c;
        const f = cf[x] as number;
        for (let k = 0; k < c; k++) {
          const va = unit[a + k] as number;
          wide[dst + x * c + k] = va + ((unit[b + k] as number) - va) * f;
        }
      }
    }
    const { i0: r0, i1: r1, frac: rf } = this.rows;
    const [lo, hi] = this.range;
    const scale = hi - lo;
    const mask = this.mask;
    const fillValue = mask ? lo + mask.fill * scale : 0;
    for (let y = 0; y < this.outH; y++) {
      const a = (r0[y] as number) * outW * c;
      const b = (r1[y] as number) * outW * c;
      const f = rf[y] as number;
      const dstRow = offset + y * outW * 3;
      for (let x = 0; x < outW; x++) {
        const o = dstRow + x * 3;
        if (mask !== undefined && mask.inside[y * outW + x] === 0) {
          out[o] = out[o + 1] = out[o + 2] = fillValue;
          continue;
        }
        if (c === 1) {
          // Gray: one interpolation, replicated to R, G, B.
          const va = wide[a + x] as number;
          out[o] =
            out[o + 1] =
            out[o + 2] =
              lo + Math.fround(va + ((wide[b + x] as number) - va) * f) * scale;
          continue;
        }
        for (let k = 0; k < 3; k++) {
          const s = x * c + k;
          const va = wide[a + s] as number;
          // Round to float32 as the TF.js path does before scaling (its resize output is a float32 tensor).
          const v = Math.fround(va + ((wide[b + s] as number) - va) * f);
          out[o + k] = lo + v * scale;
        }
      }
    }
  }
}
