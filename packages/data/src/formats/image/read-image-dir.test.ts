import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { decodeImage, encodePng, listNumberedImages, readImageDir, toGrayFloat } from "./index.ts";

// The real Kay et al. (2008) training stimuli, read in place from ../shared beside the repo root.
const KAY = fileURLToPath(new URL("../../../../../../shared/data/kay-stimuli/", import.meta.url));

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A temp folder holding gray PNGs: name -> [width, height, fill value]. */
function folder(files: Record<string, [number, number, number]>): string {
  const dir = mkdtempSync(join(tmpdir(), "nt-imgdir-"));
  dirs.push(dir);
  for (const [name, [w, h, v]] of Object.entries(files)) {
    writeFileSync(join(dir, name), encodePng(w, h, 1, new Uint8Array(w * h).fill(v)));
  }
  return dir;
}

describe("readImageDir", () => {
  it("orders N.png numerically, ignores other files and honours limit", async () => {
    const dir = folder({
      "10.png": [3, 2, 100],
      "2.png": [3, 2, 20],
      "0.png": [3, 2, 0],
      "1.png": [3, 2, 10],
    });
    writeFileSync(join(dir, "notes.txt"), "not an image");
    expect(await listNumberedImages(dir)).toEqual(["0.png", "1.png", "2.png", "10.png"]);
    const stack = await readImageDir(dir);
    expect({ files: stack.files, h: stack.height, w: stack.width, n: stack.data.length }).toEqual({
      files: ["0.png", "1.png", "2.png", "10.png"],
      h: 2,
      w: 3,
      n: 4 * 6,
    });
    expect(Array.from(stack.data.filter((_, i) => i % 6 === 0))).toEqual(
      [0, 10, 20, 100].map((v) => Math.fround(v / 255)),
    );
    expect((await readImageDir(dir, { limit: 2 })).files).toEqual(["0.png", "1.png"]);
  });

  it("names the first file whose size differs, with both sizes", async () => {
    const dir = folder({ "0.png": [4, 4, 1], "1.png": [4, 4, 2], "2.png": [5, 4, 3], "3.png": [3, 3, 3] });
    const error = await readImageDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NtError);
    expect((error as NtError).message).toBe(
      `${join(dir, "2.png")}: image is 5x4 but 0.png is 4x4; all images must share one size`,
    );
  });

  it("names a corrupt image file and refuses an empty folder", async () => {
    const dir = folder({ "0.png": [2, 2, 1] });
    writeFileSync(join(dir, "1.jpg"), Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]));
    const error = await readImageDir(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FORMAT" });
    expect((error as NtError).message).toMatch(new RegExp(`^${join(dir, "1.jpg")}: corrupt`));
    await expect(readImageDir(folder({}))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  // 1,750 baseline JPEGs, 128x128, stored with 3 components whose channels are equal (gray).
  it.skipIf(!existsSync(KAY))(
    "reads all 1,750 real Kay stimuli as one [1750, 128, 128] gray stack",
    async () => {
      const stack = await readImageDir(KAY);
      expect({ n: stack.files.length, h: stack.height, w: stack.width }).toEqual({ n: 1750, h: 128, w: 128 });
      expect(stack.files.slice(9, 12)).toEqual(["9.jpg", "10.jpg", "11.jpg"]);
      const img = decodeImage(readFileSync(join(KAY, "10.jpg")), { source: "10.jpg" });
      expect(img.channels).toBe(3);
      expect(img.data.every((v, i) => i % 3 !== 0 || (v === img.data[i + 1] && v === img.data[i + 2]))).toBe(
        true,
      );
      expect(stack.data.subarray(10 * 128 * 128, 11 * 128 * 128)).toEqual(toGrayFloat(img));
      let min = Infinity;
      let max = -Infinity;
      for (const v of stack.data) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      expect([min, max]).toEqual([0, 1]);
    },
    30_000,
  );
});
