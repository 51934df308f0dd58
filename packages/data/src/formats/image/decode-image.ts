import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { NtError } from "@neurotranslator/schema";
import { readJpegInfo } from "./jpeg-info.ts";

/** An 8-bit image, row-major interleaved: data [height, width, channels]. */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

export interface DecodeImageOptions {
  /** Name used in error messages (file path or upload name); default "<bytes>". */
  source?: string;
  /** Largest width * height accepted, checked from the header before decoding (default 50 M). */
  maxPixels?: number;
  /**
   * Most bytes decoding may hold, checked from the header before decoding (default 64 MiB): the
   * larger of the decoded samples (bit depth and channels from the header) and the decoders'
   * 8-bit RGBA output. A 16-bit RGBA PNG counts 8 bytes a pixel.
   */
  maxDecodedBytes?: number;
}

/** An image's size and sample layout, from its header alone. */
export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
  /** Bytes per pixel of the decoded samples (channels x bit depth / 8; at least 4: the decoders' RGBA). */
  bytesPerPixel: number;
}

export type ImageFormat = "jpeg" | "png";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DEFAULT_MAX_PIXELS = 50_000_000;
const DEFAULT_MAX_DECODED_BYTES = 64 * 1024 ** 2;
/** PNG colour type -> channels (0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Detects JPEG or PNG from the magic bytes; undefined for anything else. */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "png";
  return undefined;
}

/**
 * Reads an image's size and sample layout from its header (JPEG frame header, PNG IHDR) without
 * decoding anything. Throws FORMAT naming `source` for other or truncated data.
 */
export function readImageHeader(bytes: Uint8Array, source = "<bytes>"): ImageHeader {
  const format = detectImageFormat(bytes);
  if (format === undefined) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new NtError(
      "FORMAT",
      `${source}: not a JPEG or PNG image (starts with bytes ${head || "<empty>"})`,
    );
  }
  if (format === "jpeg") {
    const info = readJpegInfo(bytes, source);
    return { format, width: info.width, height: info.height, bytesPerPixel: Math.max(4, info.components) };
  }
  if (bytes.length < 29) throw new NtError("FORMAT", `${source}: truncated PNG (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const depth = bytes[24] ?? 8;
  const channels = PNG_CHANNELS[bytes[25] ?? 0] ?? 4;
  return {
    format,
    width: view.getUint32(16),
    height: view.getUint32(20),
    bytesPerPixel: Math.max(4, (channels * depth) / 8),
  };
}

/**
 * Decodes a JPEG (jpeg-js) or PNG (pngjs) by magic bytes. Gray JPEGs and gray PNGs give 1 channel,
 * colour gives 3, images with alpha (and gray+alpha PNGs) give 4. 16-bit PNGs are scaled to 8 bits.
 * Throws FORMAT naming the source for other or corrupt data, LIMIT past `maxPixels`.
 */
export function decodeImage(bytes: Uint8Array, opts: DecodeImageOptions = {}): DecodedImage {
  const source = opts.source ?? "<bytes>";
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  const header = readImageHeader(bytes, source);
  const { format } = header;
  checkPixels(header.width, header.height, maxPixels, source);
  const maxBytes = opts.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES;
  const needed = header.width * header.height * header.bytesPerPixel;
  if (needed > maxBytes) {
    throw new NtError(
      "LIMIT",
      `${source}: decoding a ${header.width}x${header.height} image at ${header.bytesPerPixel} bytes a pixel needs ${needed} bytes, over the limit of ${maxBytes}`,
    );
  }
  try {
    return format === "jpeg" ? decodeJpeg(bytes, source, maxPixels) : decodePng(bytes, source, maxPixels);
  } catch (error) {
    if (error instanceof NtError) throw error;
    throw new NtError("FORMAT", `${source}: corrupt ${format.toUpperCase()} (${(error as Error).message})`, {
      cause: error,
    });
  }
}

function checkPixels(width: number, height: number, maxPixels: number, source: string): void {
  if (width <= 0 || height <= 0) throw new NtError("FORMAT", `${source}: image has size ${width}x${height}`);
  if (width * height > maxPixels) {
    throw new NtError(
      "LIMIT",
      `${source}: image of ${width}x${height} = ${width * height} pixels is over the limit of ${maxPixels}`,
    );
  }
}

function decodeJpeg(bytes: Uint8Array, source: string, maxPixels: number): DecodedImage {
  const info = readJpegInfo(bytes, source);
  checkPixels(info.width, info.height, maxPixels, source);
  const decoded = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    tolerantDecoding: false,
    maxResolutionInMP: Math.ceil(maxPixels / 1e6),
    // decoder buffers are a few bytes per pixel; 16 per pixel plus 64 MB of tables is ample
    maxMemoryUsageInMB: Math.ceil((maxPixels * 16) / 2 ** 20) + 64,
  });
  const { width, height, data } = decoded;
  if (info.components !== 1) return { width, height, channels: 3, data };
  const gray = new Uint8Array(width * height); // jpeg-js replicates gray into R, G, B
  for (let i = 0; i < gray.length; i++) gray[i] = data[i * 3] ?? 0;
  return { width, height, channels: 1, data: gray };
}

function decodePng(bytes: Uint8Array, source: string, maxPixels: number): DecodedImage {
  if (bytes.length < 24) throw new NtError("FORMAT", `${source}: truncated PNG (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkPixels(view.getUint32(16), view.getUint32(20), maxPixels, source); // IHDR width, height
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const { width, height, data: rgba } = png; // pngjs always returns 8-bit RGBA
  const channels: 1 | 3 | 4 = png.alpha ? 4 : png.color ? 3 : 1;
  if (channels === 4)
    return { width, height, channels, data: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length) };
  const out = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < channels; c++) out[p * channels + c] = rgba[p * 4 + c] ?? 0;
  }
  return { width, height, channels, data: out };
}
