import { describe, expect, it } from "vitest";
import { areaShares, leadingArea } from "./area-shares.ts";
import { csvText, slug } from "./download.ts";
import { compactMeta, groundTruth, plantedLayers } from "./ground-truth.ts";
import { noClassesReason } from "./image-classes.ts";
import { colourScale } from "./scale.ts";
import { cvText, fmtOptions } from "./solver-text.ts";

describe("map colour scale", () => {
  it("is symmetric about 0 for values of both signs", () => {
    const s = colourScale([-0.2, 0.5, null]);
    expect([s.kind, s.domain]).toEqual(["diverging", [-0.5, 0.5]]);
    expect(s.colour(0).fill).toBe("rgb(255, 255, 255)");
  });
  it("starts at 0 for spread-out positive values, and at the smallest for values clustered far from 0 (a cosine map)", () => {
    expect(colourScale([0.05, 0.3]).domain).toEqual([0, 0.3]);
    const cos = colourScale([0.991, 0.995, 0.999]);
    expect(cos.domain).toEqual([0.991, 0.999]);
    expect(cos.note).toMatch(/not 0/);
    // The smallest and largest cells differ in colour, which a fixed ±1 scale did not give.
    expect(cos.colour(0.991).fill).not.toBe(cos.colour(0.999).fill);
  });
});

describe("solver options and cross-validation in words", () => {
  const grid = Array.from({ length: 20 }, (_, k) => 1e-3 * 10 ** ((8 * k) / 19));
  it("summarises a long alpha grid instead of printing 20 long floats", () => {
    expect(fmtOptions({ cv: "loo", relativeAlphas: grid, fitIntercept: true })).toBe(
      "cv: loo, relativeAlphas: 20 values 0.001 … 1.00e+5 (log-spaced), fitIntercept: true",
    );
    expect(fmtOptions({})).toBe("defaults");
  });
  it("takes the solver's own cv option over the config's fold count", () => {
    expect(cvText("ridge-cv", { cv: "loo" }, 5)).toMatch(/^exact leave-one-out/);
    expect(cvText("lasso", { cv: 3 }, 5)).toBe("3-fold over the training images");
    expect(cvText("lasso", {}, 5)).toBe("5-fold over the training images");
  });
});

describe("ground truth and raw metadata", () => {
  const meta = {
    groundTruth: {
      model: "m",
      split: { trainImages: Array.from({ length: 100 }, (_, i) => i) },
      areas: [
        { name: "V1", layer: "conv2d_1", nVoxels: 3, snr: 1, ceilingTest: { analytic: 0.9, measured: 0.8 } },
        { name: "V2" },
        { bad: 1 },
      ],
    },
  };
  it("reads planted layers and ceilings loosely", () => {
    expect(groundTruth(meta)?.areas).toEqual([
      { name: "V1", layer: "conv2d_1", nVoxels: 3, snr: 1, ceilingTest: 0.8, testRetest: null },
      { name: "V2", layer: null, nVoxels: null, snr: null, ceilingTest: null, testRetest: null },
    ]);
    expect([...plantedLayers(meta)]).toEqual([["V1", "conv2d_1"]]);
    expect(groundTruth({})).toBeNull();
  });
  it("shortens long index lists in the raw JSON", () => {
    expect(JSON.stringify(compactMeta(meta))).toContain('"trainImages":"[100 numbers: 0, 1, 2, 3, 4, …]"');
  });
});

describe("area shares, class reasons, CSV", () => {
  it("orders shares as the dataset's areas and names the leading one", () => {
    const s = areaShares({ areaShares: { V4: 0.7, V1: -0.2, V2: 0.5 }, areaAgreement: { V1: 0.1 } }, [
      "V1",
      "V2",
      "V4",
    ])!;
    expect(s.map((x) => x.area)).toEqual(["V1", "V2", "V4"]);
    expect(s[0]).toEqual({ area: "V1", share: -0.2, agreement: 0.1 });
    expect(leadingArea(s)?.area).toBe("V4");
    expect(areaShares({})).toBeNull();
  });
  it("says why a run has no classes", () => {
    expect(
      noClassesReason({
        engine: { classifier: { skipped: "imported features have no classifier head" } },
        metrics: {},
      }),
    ).toBe("No classes: imported features have no classifier head.");
    expect(noClassesReason({ engine: {}, metrics: {} })).toMatch(/did not record why/);
  });
  it("quotes CSV fields that need it", () => {
    expect(
      csvText(
        ["a", "b"],
        [
          ["x,y", 1],
          [null, 'say "hi"'],
        ],
      ),
    ).toBe('a,b\r\n"x,y",1\r\n,"say ""hi"""\r\n');
    expect(slug("Pearson r per feature (test)")).toBe("pearson-r-per-feature-test");
  });
});
