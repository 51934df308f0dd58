import { z } from "zod";
import { NtError } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";

/**
 * ridge-cv's arithmetic. "float32" (dual form, native engine): the kernel summed in float32 within
 * voxel blocks and float64 across them, decomposed in float32 (eigh32), leave-one-out products in
 * float32, the chosen coefficients refined against that kernel in float64 (float32-eigen.ts). "mixed": float64 eigensystem, float32
 * leave-one-out products with float64 re-checks of near ties. "float64": everything float64.
 * "auto" (default): chosen by `planRidge`.
 */
export const RidgePrecision = z.enum(["auto", "float32", "mixed", "float64"]);
export type RidgePrecision = z.infer<typeof RidgePrecision>;

/** What ridge-cv runs on, reported with every run (`run --json`: engine.plan). */
export interface RidgePlan {
  /** The linear-algebra backend's name ("native-openblas" or "js"). */
  engine: string;
  /** "dual": eigensystem of the n x n kernel (images <= voxels); "primal": of the p x p covariance. */
  form: "dual" | "primal";
  precision: Exclude<RidgePrecision, "auto">;
  /**
   * "float32" only: targets whose leave-one-out choice another alpha approaches within the float32
   * eigensystem's error bound (there it may differ from float64's; the coefficients at the chosen
   * alpha are float64's either way).
   */
  uncertainTargets?: number;
}

/**
 * Kernel size from which "auto" takes the float32 path. Measured here (CPU time, one thread,
 * n = 3000): ssyevd 2.5 s, dsyevd 4.6 s, dsyevr (SciPy's default) 5.3 s, ssyevr 3.2 s; at n = 9,000
 * the float64 eigensystem takes most of a 100 s fit. Below this size the float64 one costs a few
 * seconds at most, so "auto" keeps it and with it the float64 choices exactly.
 */
export const FLOAT32_EIGEN_MIN = 4096;

/**
 * The one place ridge-cv's engine, form and precision are chosen, from the data's shape, the
 * backend's abilities and the requested precision. The eigensystem has min(n, p) rows, so the
 * dual (kernel) form serves n <= p and the primal (covariance) form n > p, e.g. single-trial data
 * with more trials than voxels. "float32" needs the native engine's float32 eigensolver and the
 * dual form (its refinement solves the kernel system).
 */
export function planRidge(
  backend: LinalgBackend,
  nSamples: number,
  nVoxels: number,
  precision: RidgePrecision,
): RidgePlan {
  const form = nSamples <= nVoxels ? "dual" : "primal";
  const float32 = backend.eigh32 !== undefined && backend.gram32 !== undefined;
  if (precision === "float32" && !float32) {
    throw new NtError(
      "ENGINE",
      `ridge-cv: precision "float32" needs the native engine's float32 eigensolver; the "${backend.name}" engine has none (use "auto", "mixed" or "float64")`,
    );
  }
  if (precision === "float32" && form === "primal") {
    throw new NtError(
      "BAD_INPUT",
      `ridge-cv: precision "float32" is for the dual form (images <= voxels); this fit has ${nSamples} images and ${nVoxels} voxels (use "auto", "mixed" or "float64")`,
    );
  }
  const chosen =
    precision !== "auto"
      ? precision
      : float32 && form === "dual" && nSamples >= FLOAT32_EIGEN_MIN
        ? "float32"
        : "mixed";
  return { engine: backend.name, form, precision: chosen };
}
