import { describe, expect, it } from "vitest";
import { className, imageClasses } from "./image-classes.ts";

describe("imageClasses", () => {
  it("reads top-5 lists and counts their overlap", () => {
    expect(imageClasses({ top5True: [1, 2, 3, 4, 5], top5Pred: [5, 9, 1, 8, 7], pairwise: 0.5 })).toEqual({
      top5True: [1, 2, 3, 4, 5],
      top5Pred: [5, 9, 1, 8, 7],
      overlap: 2,
    });
  });

  it("gives nulls without a classifier head or for malformed entries", () => {
    expect(imageClasses({ pairwise: 0.5 })).toEqual({ top5True: null, top5Pred: null, overlap: null });
    expect(imageClasses({ top5True: ["cat"] })).toEqual({ top5True: null, top5Pred: null, overlap: null });
  });

  it("names a class by the first synonym, or by index without names", () => {
    expect(className(1, ["goldfish", "tabby, tabby cat"])).toBe("tabby");
    expect(className(7, undefined)).toBe("class 7");
  });
});
