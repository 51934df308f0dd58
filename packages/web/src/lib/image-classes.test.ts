import { describe, expect, it } from "vitest";
import { className, imageClasses } from "./image-classes.ts";

const bare = (index: number) => ({ index, name: null, p: null });

describe("imageClasses", () => {
  it("reads top-5 lists of bare indices (older runs) and counts their overlap", () => {
    expect(imageClasses({ top5True: [1, 2, 3, 4, 5], top5Pred: [5, 9, 1, 8, 7], pairwise: 0.5 })).toEqual({
      top5True: [1, 2, 3, 4, 5].map(bare),
      top5Pred: [5, 9, 1, 8, 7].map(bare),
      overlap: 2,
    });
  });

  it("reads { index, name, p } entries", () => {
    const tabby = { index: 281, name: "tabby, tabby cat", p: 0.61 };
    const out = imageClasses({
      top5True: [tabby, { index: 282, name: "tiger cat", p: 0.2 }],
      top5Pred: [{ index: 285, name: "Egyptian cat", p: 0.3 }, tabby],
    });
    expect(out.top5True![0]).toEqual(tabby);
    expect(out.overlap).toBe(1);
  });

  it("gives nulls without a classifier head or for malformed entries", () => {
    expect(imageClasses({ pairwise: 0.5 })).toEqual({ top5True: null, top5Pred: null, overlap: null });
    expect(imageClasses({ top5True: ["cat"] })).toEqual({ top5True: null, top5Pred: null, overlap: null });
    expect(imageClasses({ top5True: [{ index: 1, name: "x", p: 2 }] })).toEqual({
      top5True: null,
      top5Pred: null,
      overlap: null,
    });
  });

  it("names a class by the first synonym of its stored name, of a name list, or by index", () => {
    expect(className({ index: 281, name: "tabby, tabby cat", p: 0.5 })).toBe("tabby");
    expect(className(bare(1), ["goldfish", "tabby, tabby cat"])).toBe("tabby");
    expect(className(bare(7))).toBe("class 7");
    expect(className(7, undefined)).toBe("class 7");
  });
});
