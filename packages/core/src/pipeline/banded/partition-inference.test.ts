import { describe, expect, it } from "vitest";
import { selectLinalgBackend } from "../../linalg/select.ts";
import { Prng } from "../../random/prng.ts";
import { drawResamples } from "../area-voxel-r.ts";
import { scoreModel, summarise, testTruth } from "./partition-inference.ts";

describe("bootstrap replicates of an area's test R²", () => {
  it("stay near the estimate for poor predictions (SST rescaled), and the bias-corrected CI contains it", () => {
    const backend = selectLinalgBackend();
    const rng = new Prng(7);
    const m = 120;
    const v = 400;
    const y = Float32Array.from({ length: m * v }, () => rng.normal());
    const weak = Float32Array.from(y, (x) => 0.3 * x + 0.9 * rng.normal());
    const useless = Float32Array.from({ length: m * v }, () => 0.2 * rng.normal());
    const draws = drawResamples(m, 0, 1000, 11);
    const truth = testTruth({ rows: m, cols: v, data: y }, draws, backend);
    const groups = [Int32Array.from({ length: v }, (_, j) => j)];
    for (const data of [weak, useless]) {
      const area = scoreModel({ rows: m, cols: v, data }, truth, groups, draws, backend).areas[0]!;
      const reps = Array.from(area.replicates!).sort((a, b) => a - b);
      const median = reps[reps.length >> 1]!;
      // Without the m / (m - 1) rescaling the median sits about (1 - R²) / m below (0.025 here); what
      // remains is the ratio's second-order bias, which the bias-corrected interval absorbs.
      expect(Math.abs(median - area.value), `value ${area.value}, replicate median ${median}`).toBeLessThan(
        0.02,
      );
      const { ci95 } = summarise(
        { value: area.value, replicates: area.replicates, nulls: null },
        null,
        false,
      );
      expect(ci95![0]).toBeLessThan(area.value);
      expect(ci95![1]).toBeGreaterThan(area.value);
      expect(ci95![1] - ci95![0]).toBeGreaterThan(0.002);
    }
  });
});
