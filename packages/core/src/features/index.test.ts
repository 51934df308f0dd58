import { describe, it, expect } from "vitest";
import * as core from "../index.ts";

describe("@neurotranslator/core surface: CNN engines", () => {
  it("re-exports the CNN engine list and the ONNX engine entry points", () => {
    expect(core.CNN_ENGINES).toEqual(["tfjs-node", "onnx", "wasm", "cpu"]);
    for (const name of [
      "onnxFeatureRunner",
      "convertTfGraphToOnnx",
      "loadOnnxRuntime",
      "onnxThreads",
    ] as const)
      expect(typeof core[name], name).toBe("function");
    const engine: core.CnnEngineName = "onnx";
    expect(core.CNN_ENGINES).toContain(engine);
  });
});
