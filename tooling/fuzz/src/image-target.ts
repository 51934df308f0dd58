import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { decodeImage, encodePng } from "@neurotranslator/data/formats";
import { dataFixturesDir, readSeedFiles, sharedDir } from "./fixtures.ts";
import { mutateFromCorpus, type ByteMutation } from "./mutate-bytes.ts";
import { pick, randInt } from "./random.ts";
import { caseTarget, type FuzzTarget } from "./target.ts";

/** Pixel limit for fuzzed images: far below the default, so dimension bombs must be refused by the header check. */
export const IMAGE_FUZZ_MAX_PIXELS = 1 << 20;

const HUGE = [0, 1, 0xffff, 0x7fffffff, 0xffffffff, 46341, 1 << 16];

/** Edits the declared width/height: PNG IHDR (bytes 16-23) or the first JPEG SOF marker's 16-bit fields. */
const dimensionBomb: ByteMutation = (b, rand) => {
  const out = b.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (out[0] === 0x89 && out.length >= 24) {
    view.setUint32(16 + 4 * randInt(rand, 2), pick(rand, HUGE));
    return out;
  }
  for (let i = 2; i + 9 < out.length; i++) {
    if (
      out[i] === 0xff &&
      out[i + 1] !== undefined &&
      (out[i + 1] as number) >= 0xc0 &&
      (out[i + 1] as number) <= 0xc2
    ) {
      view.setUint16(i + 5 + 2 * randInt(rand, 2), pick(rand, HUGE) & 0xffff);
      return out;
    }
  }
  return out;
};

function seedImages(): Uint8Array[] {
  const fixtures = readSeedFiles(dataFixturesDir("image"), [".jpg", ".png"]);
  // Three real Kay stimuli (128 x 128 gray JPEGs) when the shared folder is there.
  const kay = ["0.jpg", "1.jpg", "2.jpg"]
    .map((f) => join(sharedDir(), "data/kay-stimuli", f))
    .filter(existsSync);
  const made = [1, 3, 4].map((channels) =>
    encodePng(
      5,
      3,
      channels as 1 | 3 | 4,
      Uint8Array.from({ length: 15 * channels }, (_, i) => (i * 37) & 255),
    ),
  );
  return [...fixtures, ...kay.map((p) => new Uint8Array(readFileSync(p))), ...made];
}

/** JPEG (jpeg-js) and PNG (pngjs) decoding: byte mutations of real images plus header dimension bombs. */
export function imageTarget(): FuzzTarget {
  const corpus = seedImages();
  return caseTarget("image", (rand) => {
    const { bytes, mutations } = mutateFromCorpus(corpus, rand, { dimensionBomb });
    return {
      mutations,
      run() {
        const image = decodeImage(bytes, { source: "fuzz.img", maxPixels: IMAGE_FUZZ_MAX_PIXELS });
        const pixels = image.width * image.height;
        if (pixels > IMAGE_FUZZ_MAX_PIXELS)
          return `decoded ${image.width}x${image.height}, above maxPixels ${IMAGE_FUZZ_MAX_PIXELS}`;
        if (image.data.length !== pixels * image.channels)
          return `decoded ${image.data.length} bytes for ${image.width}x${image.height}x${image.channels}`;
        return undefined;
      },
    };
  });
}
