import { describe, expect, it } from "vitest";
import { ONNX_REGISTRY } from "./onnx-registry.ts";
import { resolveModelInput } from "./onnx-input.ts";

describe("ONNX registry", () => {
  it("pins each published file to a commit, with its sha256, size and a preprocessing that resolves for a [N, 3, 224, 224] input", () => {
    expect(Object.keys(ONNX_REGISTRY)).toEqual(["resnet50_v1_onnx", "mobilenet_v2_100_onnx"]);
    for (const entry of Object.values(ONNX_REGISTRY)) {
      expect(entry.url).toMatch(
        /^https:\/\/github\.com\/onnx\/models\/raw\/[0-9a-f]{40}\/vision\/classification\/.+\.onnx$/,
      );
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.bytes).toBeGreaterThan(1e6);
      const { modelInput, notes } = resolveModelInput(
        { name: "data", layout: "nchw", dims: ["N", 3, 224, 224], size: [224, 224] },
        { registry: entry.input },
      );
      expect(modelInput).toMatchObject({
        size: [224, 224],
        mean: [0.485, 0.456, 0.406],
        std: [0.229, 0.224, 0.225],
        resize: { rule: "shorter-side-crop", shorterSide: 256 },
      });
      expect(notes).toEqual([]);
    }
  });
});
