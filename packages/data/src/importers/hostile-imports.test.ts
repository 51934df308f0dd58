import { expect, it } from "vitest";
import { describeUnless } from "@neurotranslator/vitest-config/prerequisites";
import { NtError } from "@neurotranslator/schema";
import { readImageDir } from "../formats/image/index.ts";
import { isOneShortLine, noHostileTools, makeHostile } from "../testing/hostile-files.ts";
import { readKayNpz } from "./kay-npz.ts";
import { readVim1 } from "./vim1.ts";

async function refusal(promise: Promise<unknown>): Promise<NtError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(NtError);
    const e = error as NtError;
    expect(isOneShortLine(e.message)).toBe(true);
    return e;
  }
  throw new Error("expected a refusal");
}

const vim1 = (files: Record<string, string>, options = {}) =>
  readVim1({
    responses: files["EstimatedResponses.mat"]!,
    stimuli: files["Stimuli.mat"]!,
    subject: 1,
    ...options,
  });

// Issue 12. The cheap versions of the bombs carry real headers and corrupt data after them: a reader
// that inflated or read the data before checking the headers would fail with a FORMAT error instead.
describeUnless(noHostileTools, "hostile archives are refused from their headers (item 3)", () => {
  it("an .npz whose responses claim 1,000,000 voxels (roi has 10) is refused before inflating", async () => {
    const error = await refusal(readKayNpz(makeHostile("npz-deflate-bomb")["bomb.npz"]!));
    expect(error.code).toBe("BAD_INPUT");
    expect(error.message).toBe(
      'bomb.npz["responses"] has 1000000 voxels, shape (6, 1000000), but bomb.npz["responses_test"] has 10, shape (2, 10)',
    );
  });

  it("a consistent .npz over the memory budget is refused before inflating", async () => {
    const path = makeHostile("npz-budget")["budget.npz"]!;
    const error = await refusal(readKayNpz(path, { memoryBudgetBytes: 16e6 }));
    expect(error.code).toBe("LIMIT");
    expect(error.message).toMatch(
      /^budget\.npz: its arrays need 40\.0 MB in memory \(responses \(6, 1000000\) float32 = 24\.0 MB, .*\), over the import budget of 16\.0 MB/,
    );
  });

  it("a MAT v5 miCOMPRESSED stimTrn of 200 images (responses have 6) is refused before inflating", async () => {
    const error = await refusal(vim1(makeHostile("v5-zlib-bomb")));
    expect(error.code).toBe("BAD_INPUT");
    expect(error.message).toMatch(
      /Stimuli\.mat\["stimTrn"\] has shape \(200, 128, 128\): the numbers of rows \(images\) differ$/,
    );
  });

  it("MAT v7.3 gzip chunks of 200 images (responses have 6) are refused before any chunk is read", async () => {
    const error = await refusal(vim1(makeHostile("v73-gzip-bomb")));
    expect(error.code).toBe("BAD_INPUT");
    expect(error.message).toMatch(
      /Stimuli\.mat\["stimTrn"\] has shape \(200, 128, 128\): the numbers of rows \(images\) differ$/,
    );
  });

  it("a consistent MAT-file pair over the memory budget is refused before any variable is read", async () => {
    const error = await refusal(vim1(makeHostile("v73-soft-inside"), { memoryBudgetBytes: 100 }));
    expect(error.code).toBe("LIMIT");
    expect(error.message).toMatch(
      /^EstimatedResponses\.mat \+ Stimuli\.mat: its arrays need .* over the import budget of 100 bytes/,
    );
  });
});

describeUnless(noHostileTools, "many members and long lists (items 2 and 9)", () => {
  it("an .npz of 65,000 members is refused from its end record", async () => {
    const error = await refusal(readKayNpz(makeHostile("npz-many-65000")["many.npz"]!));
    expect(error).toMatchObject({
      code: "LIMIT",
      message:
        "many.npz: zip archive has 65000 members, over the limit of 10000 (an .npz holds a few arrays)",
    });
  });

  it("a v5 variable with 1,000,000 dimensions is refused like the .npy reader (64)", async () => {
    const error = await refusal(vim1(makeHostile("v5-million-dims")));
    expect(error).toMatchObject({
      code: "LIMIT",
      message: "Stimuli.mat: matrix at byte 136 has 1000000 dimensions (limit 64)",
    });
  });

  it("a MAT-file of 200,000 variables is refused once past 10,000", async () => {
    const error = await refusal(vim1(makeHostile("v5-200k-variables")));
    expect(error).toMatchObject({
      code: "LIMIT",
      message: "Stimuli.mat: more than 10000 variables (a MAT-file of arrays holds a few)",
    });
  });

  it("a missing variable among many: the message lists ten", async () => {
    const error = await refusal(vim1(makeHostile("v5-9000-variables")));
    expect(error.message).toMatch(
      /^Stimuli\.mat: missing variable "stimTrn"; found "v000000", .*, "v000009" and 8990 more$/,
    );
  });
});

describeUnless(noHostileTools, "control characters from files (item 8)", () => {
  it("member names are escaped in messages", async () => {
    const error = await refusal(readKayNpz(makeHostile("npz-control-names")["names.npz"]!));
    expect(error.message).toContain('"\\u001b[2J\\u001b[31merror: forged line\\n"');
    expect(error.message).toMatch(/^names\.npz: missing key "roi_names"; found /);
  });

  it("area names with control characters are refused (they would be stored)", async () => {
    const error = await refusal(readKayNpz(makeHostile("npz-roi-names-control")["roi-names.npz"]!));
    expect(error).toMatchObject({
      code: "BAD_INPUT",
      message: 'roi-names.npz["roi_names"]: area name 1 "V1\\u001b[31m" holds control characters',
    });
  });
});

describeUnless(noHostileTools, "images are limited by bytes and sized from headers (item 10)", () => {
  it("7000 x 7000 16-bit RGBA PNGs are refused from IHDR (8 bytes a pixel)", async () => {
    const error = await refusal(readImageDir(makeHostile("png-16bit-rgba")["images"]!));
    expect(error.code).toBe("LIMIT");
    expect(error.message).toMatch(
      /0\.png: decoding a 7000x7000 image at 8 bytes a pixel needs 392000000 bytes, over the limit of 67108864$/,
    );
  });

  it("a 7000 x 7000 JPEG among 64 x 64 ones is refused from its frame header", async () => {
    const error = await refusal(readImageDir(makeHostile("jpeg-large-among-small")["images"]!));
    expect(error.code).toBe("BAD_INPUT");
    expect(error.message).toMatch(
      /3\.jpg: image is 7000x7000 but 0\.jpg is 64x64; all images must share one size$/,
    );
  });
});
