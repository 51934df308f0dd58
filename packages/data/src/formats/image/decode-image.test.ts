import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { decodeImage, encodePng, toGrayFloat } from "./index.ts";

// Fixtures and expected.json: made by test/fixtures/image/make-image-fixtures.py (Pillow 9.4).
const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/image/", import.meta.url));
const expected = JSON.parse(readFileSync(`${FIXTURES}expected.json`, "utf8")) as Record<
  string,
  { width: number; height: number; channels: number; pixels: number[] }
>;

function decodeError(bytes: Uint8Array, source: string, maxPixels?: number): NtError {
  try {
    decodeImage(bytes, { source, maxPixels });
  } catch (error) {
    expect(error).toBeInstanceOf(NtError);
    return error as NtError;
  }
  throw new Error(`expected ${source} to fail`);
}

describe("decodeImage", () => {
  it.each(Object.keys(expected))("decodes %s like Pillow", (name) => {
    const want = expected[name];
    const img = decodeImage(readFileSync(`${FIXTURES}${name}`), { source: name });
    expect({ w: img.width, h: img.height, c: img.channels }).toEqual({
      w: want?.width,
      h: want?.height,
      c: want?.channels,
    });
    // JPEG decoders may round differently by a few levels; PNG is lossless
    const tol = name.endsWith(".jpg") ? 3 : 0;
    const worst = Math.max(...Array.from(img.data, (v, i) => Math.abs(v - (want?.pixels[i] ?? NaN))));
    expect(worst).toBeLessThanOrEqual(tol);
  });

  it.each([1, 3, 4] as const)("round-trips %i-channel pixels through encodePng", (channels) => {
    const data = Uint8Array.from({ length: 5 * 3 * channels }, (_, i) => (i * 37) % 256);
    const img = decodeImage(encodePng(5, 3, channels, data), { source: "rt.png" });
    expect(img).toEqual({ width: 5, height: 3, channels, data });
  });

  it("refuses other formats, naming the file", () => {
    const gif = decodeError(new TextEncoder().encode("GIF89a......"), "cat.gif");
    expect(gif.code).toBe("FORMAT");
    expect(gif.message).toBe("cat.gif: not a JPEG or PNG image (starts with bytes 47 49 46 38)");
    expect(decodeError(new Uint8Array(0), "empty.jpg").message).toContain("empty.jpg: not a JPEG or PNG");
  });

  it("reports truncated and corrupt JPEG and PNG data as FORMAT errors naming the file", () => {
    const jpg = readFileSync(`${FIXTURES}rgb.jpg`);
    for (const cut of [4, 40, 300]) {
      const e = decodeError(jpg.subarray(0, cut), `cut${cut}.jpg`);
      expect(e.code).toBe("FORMAT");
      expect(e.message).toMatch(new RegExp(`^cut${cut}\\.jpg: `));
    }
    const png = Uint8Array.from(readFileSync(`${FIXTURES}palette.png`));
    expect(decodeError(png.subarray(0, 30), "cut.png").message).toMatch(/^cut\.png: /);
    png[40] = (png[40] ?? 0) ^ 0xff; // breaks a chunk CRC
    expect(decodeError(png, "crc.png")).toMatchObject({ code: "FORMAT" });
  });

  it("checks maxPixels from the header before decoding", () => {
    const png = Uint8Array.from(readFileSync(`${FIXTURES}la.png`));
    new DataView(png.buffer).setUint32(16, 100_000); // IHDR width
    const e = decodeError(png, "huge.png", 100_000);
    expect(e.code).toBe("LIMIT");
    expect(e.message).toBe("huge.png: image of 100000x6 = 600000 pixels is over the limit of 100000");
    expect(decodeError(readFileSync(`${FIXTURES}gray.jpg`), "big.jpg", 40).code).toBe("LIMIT");
  });
});

describe("toGrayFloat", () => {
  it("uses Rec. 601 luma for colour and passes equal channels through", () => {
    const rgb = {
      width: 3,
      height: 1,
      channels: 3 as const,
      data: Uint8Array.from([255, 0, 0, 0, 0, 255, 10, 10, 10]),
    };
    expect(Array.from(toGrayFloat(rgb))).toEqual([0.299, 0.114, 10 / 255].map(Math.fround));
    const rgba = { width: 1, height: 1, channels: 4 as const, data: Uint8Array.from([0, 255, 0, 7]) };
    expect(Array.from(toGrayFloat(rgba))).toEqual([Math.fround(0.587)]);
    const gray = { width: 2, height: 1, channels: 1 as const, data: Uint8Array.from([0, 255]) };
    expect(Array.from(toGrayFloat(gray))).toEqual([0, 1]);
  });
});
