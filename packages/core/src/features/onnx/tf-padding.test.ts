import { describe, it, expect } from "vitest";
import { explicitAxisPadding, tfAxisPadding } from "./tf-padding.ts";

// Expected values worked out by hand from TensorFlow's rule (tf.nn.conv2d docs, "SAME" / "VALID").
describe("tfAxisPadding", () => {
  it("SAME with stride 2 on an even length pads one more at the end (224 -> 112, 3x3: 0 before, 1 after)", () => {
    expect(tfAxisPadding({ size: 224, kernel: 3, stride: 2, dilation: 1 }, "SAME")).toEqual({
      out: 112,
      before: 0,
      after: 1,
    });
  });
  it("SAME with stride 1 pads symmetrically (3x3: 1, 1) and odd lengths with stride 2 too (7 -> 4: 1, 1)", () => {
    expect(tfAxisPadding({ size: 56, kernel: 3, stride: 1, dilation: 1 }, "SAME")).toEqual({
      out: 56,
      before: 1,
      after: 1,
    });
    expect(tfAxisPadding({ size: 7, kernel: 3, stride: 2, dilation: 1 }, "SAME")).toEqual({
      out: 4,
      before: 1,
      after: 1,
    });
  });
  it("SAME with dilation uses the effective kernel (3x3, dilation 2 = 5: 2, 2) and 1x1 needs none", () => {
    expect(tfAxisPadding({ size: 10, kernel: 3, stride: 1, dilation: 2 }, "SAME")).toEqual({
      out: 10,
      before: 2,
      after: 2,
    });
    expect(tfAxisPadding({ size: 14, kernel: 1, stride: 1, dilation: 1 }, "SAME")).toEqual({
      out: 14,
      before: 0,
      after: 0,
    });
  });
  it("VALID: out = ceil((size - kernel + 1) / stride), no padding; a window larger than the input throws ENGINE", () => {
    expect(tfAxisPadding({ size: 7, kernel: 7, stride: 1, dilation: 1 }, "VALID")).toEqual({
      out: 1,
      before: 0,
      after: 0,
    });
    expect(tfAxisPadding({ size: 224, kernel: 3, stride: 2, dilation: 1 }, "VALID")).toEqual({
      out: 111,
      before: 0,
      after: 0,
    });
    expect(() => tfAxisPadding({ size: 2, kernel: 3, stride: 1, dilation: 1 }, "VALID")).toThrow(
      /does not fit input length 2/,
    );
  });
  it("explicit padding: out = floor((size + before + after - kernel) / stride) + 1", () => {
    expect(explicitAxisPadding({ size: 224, kernel: 3, stride: 2, dilation: 1 }, 1, 1)).toEqual({
      out: 112,
      before: 1,
      after: 1,
    });
  });
});
