import { PNG } from "pngjs";
import type { ColorType } from "pngjs";
import { NtError } from "@neurotranslator/schema";

const COLOR_TYPES: Record<number, ColorType> = { 1: 0, 3: 2, 4: 6 };

/**
 * Encodes 8-bit pixels (data: [height, width, channels] row-major) as PNG: channels 1 gray,
 * 3 RGB, 4 RGBA. Throws BAD_INPUT when the data length does not match.
 */
export function encodePng(width: number, height: number, channels: 1 | 3 | 4, data: Uint8Array): Uint8Array {
  const colorType = COLOR_TYPES[channels];
  if (colorType === undefined)
    throw new NtError("BAD_INPUT", `encodePng: channels must be 1, 3 or 4, got ${channels}`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new NtError("BAD_INPUT", `encodePng: bad size ${width}x${height}`);
  }
  if (data.length !== width * height * channels) {
    throw new NtError(
      "BAD_INPUT",
      `encodePng: data has ${data.length} bytes, expected ${width}x${height}x${channels} = ${width * height * channels}`,
    );
  }
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.length);
  const out = PNG.sync.write(png, { colorType, inputColorType: colorType, bitDepth: 8 });
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
