import { readFileSync } from "node:fs";
import { join } from "node:path";
import jpeg from "jpeg-js";
import { SHARED_KAY_STIMULI_DIR } from "../models/shared-assets.ts";

/** Gray values in [0, 1] of the first `count` shared Kay training images: [count, 128, 128] row-major. */
export interface KayGrayStack {
  height: number;
  width: number;
  data: Float32Array;
}

/**
 * Reads the shared Kay JPEGs 0.jpg .. (count-1).jpg as gray values, the way data's `readImageDir`
 * does (v / 255 for gray pixels, Rec. 601 luma otherwise), without core depending on the data package.
 */
export function readKayGray(count: number): KayGrayStack {
  let width = 0;
  let height = 0;
  let data = new Float32Array(0);
  for (let i = 0; i < count; i++) {
    const img = jpeg.decode(readFileSync(join(SHARED_KAY_STIMULI_DIR, `${i}.jpg`)), {
      useTArray: true,
      formatAsRGBA: false,
    });
    if (i === 0) {
      ({ width, height } = img);
      data = new Float32Array(count * width * height);
    } else if (img.width !== width || img.height !== height) {
      throw new Error(`${i}.jpg is ${img.width}x${img.height}, 0.jpg is ${width}x${height}`);
    }
    const offset = i * width * height;
    for (let p = 0; p < width * height; p++) {
      const r = img.data[p * 3] ?? 0;
      const g = img.data[p * 3 + 1] ?? 0;
      const b = img.data[p * 3 + 2] ?? 0;
      data[offset + p] = (r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b) / 255;
    }
  }
  return { height, width, data };
}
