import type { NdArray } from "@neurotranslator/schema";
import { NtError, formatShape } from "@neurotranslator/schema";

/** The geometry of a stimulus set: images [n, height, width] (gray) or [n, height, width, channels]. */
export interface StimulusShape {
  n: number;
  height: number;
  width: number;
  /** 1 (gray) or 3 (RGB). */
  channels: 1 | 3;
}

const NUMERIC = new Set(["uint8", "uint16", "int8", "int16", "int32", "float16", "float32", "float64"]);

/**
 * Checks that `images` is a stimulus set we can prepare: rank 3 [n, h, w] or rank 4
 * [n, h, w, 1|3], a plain numeric dtype, data length matching the shape. Throws NtError BAD_INPUT.
 */
export function stimulusShape(images: NdArray, what = "stimuli"): StimulusShape {
  const { shape, dtype } = images;
  if (!NUMERIC.has(dtype))
    throw new NtError("BAD_INPUT", `${what}: dtype ${dtype} is not a numeric image type`);
  if (shape.length !== 3 && shape.length !== 4) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: expected [n, height, width] or [n, height, width, channels], got shape ${formatShape(shape)}`,
    );
  }
  const [n = 0, height = 0, width = 0, channels = 1] = shape;
  if (channels !== 1 && channels !== 3) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: shape ${formatShape(shape)} has ${channels} channels; expected 1 (gray) or 3 (RGB)`,
    );
  }
  if (n < 1 || height < 1 || width < 1)
    throw new NtError("BAD_INPUT", `${what}: shape ${formatShape(shape)} is empty`);
  if (images.data.length !== n * height * width * channels) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: shape ${formatShape(shape)} needs ${n * height * width * channels} values but data has ${images.data.length}`,
    );
  }
  return { n, height, width, channels };
}

/** Image `i` of the set as float32 values, [height, width, channels] row-major (a copy). */
export function imageValues(images: NdArray, shape: StimulusShape, i: number): Float32Array {
  const size = shape.height * shape.width * shape.channels;
  const data = images.data as ArrayLike<number>;
  const out = new Float32Array(size);
  const offset = i * size;
  for (let k = 0; k < size; k++) out[k] = data[offset + k] as number;
  return out;
}
