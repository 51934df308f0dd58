import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { assertNotBlank, pngStats } from "./png-check.ts";

/** A w x h PNG whose pixel (x, y) has colour f(x, y) = [r, g, b]. */
function png(w: number, h: number, f: (x: number, y: number) => [number, number, number]): Uint8Array {
  const img = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data.set([...f(x, y), 255], 4 * (y * w + x));
  return new Uint8Array(PNG.sync.write(img));
}

describe("screenshot blank check", () => {
  it("counts colours and the dominant share", () => {
    const s = pngStats(png(4, 2, (x) => (x === 0 ? [0, 0, 0] : [255, 255, 255])));
    expect(s).toEqual({ width: 4, height: 2, colours: 2, dominantShare: 0.75 });
  });

  it("calls a one-colour page blank and a gradient not blank", () => {
    expect(() =>
      assertNotBlank(
        png(50, 50, () => [255, 255, 255]),
        "white page",
      ),
    ).toThrow(/white page: screenshot 50x50 looks blank \(1 colours, most common colour on 100.0%/);
    expect(
      assertNotBlank(
        png(64, 64, (x, y) => [x * 4, y * 4, 0]),
        "gradient",
      ).colours,
    ).toBe(4096);
  });
});
