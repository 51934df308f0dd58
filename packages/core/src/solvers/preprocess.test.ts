import { describe, expect, it } from "vitest";
import { availableLinalgBackends } from "../linalg/select.ts";
import { maxAbsDiff, randomMatrix32 } from "../linalg/test-helpers.ts";
import { predictLinear } from "./linear-regressor.ts";
import { createRidgeCv, RidgeCvOptions } from "./ridge-cv.ts";
import { crossKernel, preprocess, trainingKernel, transformX } from "./preprocess.ts";

// X̃ is kept as raw rows plus a column transform; the kernels formed from that must equal the
// ones formed from the float64 copy, so both prediction routes agree.

describe.each(availableLinalgBackends().map((b) => [b.name, b] as const))(
  "preprocessing on %s",
  (_name, backend) => {
    const x = randomMatrix32(12, 30, 1);
    const y = randomMatrix32(12, 4, 2);
    // Offset and unequal column scales, so centring and scaling both matter.
    x.data.forEach((v, i) => (x.data[i] = 100 + v * (1 + (i % 30))));
    const xt = randomMatrix32(5, 30, 3);

    it.each([
      [true, false],
      [true, true],
      [false, true],
    ])(
      "fitIntercept %s, standardizeX %s: kernels from raw rows equal the float64 copy's",
      (fitIntercept, standardizeX) => {
        const prep = preprocess(x, y, { fitIntercept, standardizeX, standardizeY: false });
        const dense = prep.x;
        expect(maxAbsDiff(dense.data, transformX(x, prep).data)).toBe(0);
        if (fitIntercept) {
          // Centred: every column of X̃ sums to ~0.
          for (let j = 0; j < 30; j++)
            expect(
              Math.abs(dense.data.filter((_, i) => i % 30 === j).reduce((a, b) => a + b, 0)),
            ).toBeLessThan(1e-9);
        }
        expect(maxAbsDiff(trainingKernel(backend, prep).data, backend.gram(dense).data)).toBeLessThan(1e-9);
        expect(
          maxAbsDiff(
            crossKernel(backend, prep, xt).data,
            backend.matmul64(transformX(xt, prep), dense, false, true).data,
          ),
        ).toBeLessThan(1e-9);
      },
    );

    it("ridge-cv predicts the same through the kernel and through the coefficients", () => {
      const est = createRidgeCv(RidgeCvOptions.parse({ standardizeX: true }), { backend });
      est.fit(x, y);
      const viaKernel = est.predict(xt);
      const viaCoef = predictLinear({ backend }, est.model!, xt);
      expect(maxAbsDiff(viaKernel.data, viaCoef.data) / Math.max(...viaCoef.data.map(Math.abs))).toBeLessThan(
        1e-5,
      );
    });

    it("a row subset is preprocessed with that subset's statistics", () => {
      const rows = [0, 2, 4, 6, 8, 10];
      const sub = preprocess(x, y, { fitIntercept: true, standardizeX: false, standardizeY: false }, rows);
      const pick = (m: typeof x) => ({
        rows: 6,
        cols: m.cols,
        data: Float32Array.from(
          rows.flatMap((r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols))),
        ),
      });
      const direct = preprocess(pick(x), pick(y), {
        fitIntercept: true,
        standardizeX: false,
        standardizeY: false,
      });
      expect(maxAbsDiff(sub.x.data, direct.x.data)).toBe(0);
      expect(maxAbsDiff(sub.y.data, direct.y.data)).toBe(0);
    });
  },
);
