import { describe, expect, it } from "vitest";
import { loadNativeAddon } from "../linalg/native/index.ts";
import { probeEngines } from "./doctor.ts";
import { loadOnnxRuntime } from "../features/onnx/onnx-runtime.ts";

describe("probeEngines (doctor)", () => {
  // How long the probe takes is not asserted (a timing on a shared machine); `neurotranslator doctor` prints it.
  it("reports every engine as plain JSON with measured speeds, one selected per purpose", async () => {
    const reports = await probeEngines();

    expect(JSON.parse(JSON.stringify(reports))).toEqual(reports);
    expect(reports.map((r) => r.id)).toEqual([
      "linalg/native-openblas",
      "linalg/js",
      "cnn/tfjs-node",
      "cnn/onnx",
      "cnn/wasm",
      "cnn/cpu",
    ]);
    for (const purpose of ["linalg", "cnn"] as const) {
      expect(reports.filter((r) => r.purpose === purpose && r.selected)).toHaveLength(1);
    }
    for (const r of reports) {
      if (r.available) {
        expect(r.note).toBeNull();
        expect(r.measurements.length).toBeGreaterThan(0);
        for (const m of r.measurements) expect(m.seconds).toBeGreaterThan(0);
      } else {
        expect(r.note).toMatch(/\S/);
        expect(r.selected).toBe(false);
      }
    }
    const native = reports[0]!;
    expect(native.available).toBe(loadNativeAddon().ok);
    if (native.available) {
      expect(native.selected).toBe(true);
      expect(native.details.threads).toBeGreaterThanOrEqual(1);
    } else {
      expect(native.note).toMatch(/openblas/i);
    }
    expect(reports.find((r) => r.id === "cnn/cpu")?.available).toBe(true);
    // ONNX Runtime: its availability is whether onnxruntime-node loads; it outranks wasm and cpu.
    const onnx = reports.find((r) => r.id === "cnn/onnx")!;
    expect(onnx.available).toBe(
      await loadOnnxRuntime().then(
        () => true,
        () => false,
      ),
    );
    if (onnx.available) {
      expect(onnx.details.threads).toBeGreaterThanOrEqual(1);
      expect(onnx.measurements[0]?.gflops).toBeGreaterThan(0);
      expect(onnx.selected).toBe(!reports.find((r) => r.id === "cnn/tfjs-node")!.available);
    }
  });
});
