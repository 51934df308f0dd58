import { describe, expect, it } from "vitest";
import { progressShare, shareProgress } from "./progress.ts";

describe("progress events", () => {
  it("gives the share done, clamped to [0, 1], and 0 while the total is unknown", () => {
    expect(progressShare({ stage: "ridge-cv: k-fold", done: 3, total: 4 })).toBe(0.75);
    expect(progressShare({ stage: "x", done: 5, total: 4 })).toBe(1);
    expect(progressShare({ stage: "x", done: -1, total: 4 })).toBe(0);
    expect(progressShare({ stage: "x", done: 0, total: 0 })).toBe(0);
    expect(progressShare({ stage: "download", done: 1234, total: undefined, unit: "bytes" })).toBe(0);
  });

  it("reports a share as done of a total of 1, read back unchanged", () => {
    const event = shareProgress("point 2/3: evaluate: bootstrap", 0.4321);
    expect(event).toEqual({ stage: "point 2/3: evaluate: bootstrap", done: 0.4321, total: 1 });
    expect(progressShare(event)).toBe(0.4321);
  });
});
