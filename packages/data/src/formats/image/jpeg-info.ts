import { NtError } from "@neurotranslator/schema";

export interface JpegInfo {
  width: number;
  height: number;
  /** Colour components in the frame: 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  components: number;
}

/**
 * Reads the frame header (SOFn) of a JPEG without decoding it: size and component count, to check
 * limits before any decoder allocation and to tell gray from colour images (jpeg-js always returns
 * RGB(A)). Throws FORMAT naming `source` when no frame header is found.
 */
export function readJpegInfo(bytes: Uint8Array, source: string): JpegInfo {
  let pos = 2; // after SOI
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff)
      throw new NtError("FORMAT", `${source}: corrupt JPEG (no marker at byte ${pos})`);
    const marker = bytes[pos + 1] ?? 0;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    const length = ((bytes[pos + 2] ?? 0) << 8) | (bytes[pos + 3] ?? 0);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (pos + 10 > bytes.length) break;
      const height = ((bytes[pos + 5] ?? 0) << 8) | (bytes[pos + 6] ?? 0);
      const width = ((bytes[pos + 7] ?? 0) << 8) | (bytes[pos + 8] ?? 0);
      return { width, height, components: bytes[pos + 9] ?? 0 };
    }
    if (marker === 0xda || marker === 0xd9) break; // scan data or end before any frame header
    pos += 2 + length;
  }
  throw new NtError("FORMAT", `${source}: corrupt or truncated JPEG (no frame header found)`);
}
