import { describe, expect, it } from "vitest";
import { onnxInputFlags, preparationFlags } from "./flags.ts";

describe("features flags", () => {
  it("turns the preparation flags into a preparation object", () => {
    expect(preparationFlags({})).toEqual({});
    expect(
      preparationFlags({ valueRange: "robust-global:1,99", crop: "0.8", aperture: "circle:0.9,0.25" }),
    ).toEqual({
      range: { mode: "robust-global", lowPercentile: 1, highPercentile: 99 },
      centerCropFraction: 0.8,
      aperture: { kind: "circle", radiusFraction: 0.9, fill: 0.25 },
    });
    expect(preparationFlags({ valueRange: "clip:-0.5,0.5", aperture: "circle" })).toEqual({
      range: { mode: "clip", min: -0.5, max: 0.5 },
      aperture: { kind: "circle" },
    });
    expect(preparationFlags({ valueRange: "per-image", aperture: "none" })).toEqual({
      range: { mode: "per-image" },
      aperture: { kind: "none" },
    });
  });

  it("names the flag and the accepted forms on bad values", () => {
    expect(() => preparationFlags({ valueRange: "clip:1" })).toThrow(
      /--value-range "clip:1": expected robust-global\[:LOW,HIGH\], minmax-global, per-image or clip:MIN,MAX/,
    );
    expect(() => preparationFlags({ valueRange: "per-image:3" })).toThrow(
      /--value-range per-image takes no values/,
    );
    expect(() => preparationFlags({ aperture: "square" })).toThrow(
      /--aperture "square": expected none or circle/,
    );
    expect(() => preparationFlags({ crop: "half" })).toThrow(/--crop must be a number, got "half"/);
  });

  it("turns the ONNX input flags into hints and names a malformed one", () => {
    expect(onnxInputFlags({})).toEqual({});
    expect(
      onnxInputFlags({
        inputSize: "224",
        mean: "0.485,0.456,0.406",
        std: "0.229,0.224,0.225",
        channelOrder: "bgr",
        layout: "nchw",
        resize: "shorter:256",
      }),
    ).toEqual({
      inputSize: [224, 224],
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
      channelOrder: "bgr",
      layout: "nchw",
      resize: "shorter:256",
    });
    expect(onnxInputFlags({ inputSize: "240,320" }).inputSize).toEqual([240, 320]);
    expect(() => onnxInputFlags({ inputSize: "big" })).toThrow(/--input-size must be an integer/);
    expect(() => onnxInputFlags({ mean: "0.5,x,0.5" })).toThrow(/--mean must be a number, got "x"/);
    expect(() => onnxInputFlags({ channelOrder: "grb" })).toThrow(
      /--channel-order "grb": expected rgb or bgr/,
    );
    expect(() => onnxInputFlags({ layout: "chw" })).toThrow(/--layout "chw": expected nchw or nhwc/);
  });
});
