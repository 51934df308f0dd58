import { NtError } from "@neurotranslator/schema";
import type { DecodedImage } from "./decode-image.ts";

/**
 * Gray values in [0, 1] of an image: [height, width] row-major. Colour pixels use Rec. 601 luma
 * 0.299 R + 0.587 G + 0.114 B; pixels whose R, G, B are equal pass through exactly (v / 255), so
 * gray images stored as RGB lose nothing. Alpha is ignored.
 */
export function toGrayFloat(img: DecodedImage, out?: Float32Array): Float32Array {
  const n = img.width * img.height;
  const { channels, data } = img;
  if (data.length !== n * channels) {
    throw new NtError(
      "BAD_INPUT",
      `image data has ${data.length} bytes, expected ${img.width}x${img.height}x${channels} = ${n * channels}`,
    );
  }
  const dst = out ?? new Float32Array(n);
  if (dst.length !== n) throw new NtError("BAD_INPUT", `output has ${dst.length} values, expected ${n}`);
  if (channels === 1) {
    for (let i = 0; i < n; i++) dst[i] = (data[i] ?? 0) / 255;
    return dst;
  }
  for (let i = 0; i < n; i++) {
    const r = data[i * channels] ?? 0;
    const g = data[i * channels + 1] ?? 0;
    const b = data[i * channels + 2] ?? 0;
    dst[i] = (r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b) / 255;
  }
  return dst;
}
