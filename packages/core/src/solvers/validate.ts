import { NtError } from "@neurotranslator/schema";
import type { Matrix32 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";

/** Column sums of the training data, a by-product of validation that preprocessing reuses. */
export interface TrainingSums {
  x: Float64Array;
  y: Float64Array;
}

/**
 * Checks X: [n, p] and Y: [n, D] agree, are non-empty and finite; messages name the solver and
 * shapes. Finiteness comes from the column sums (a NaN or ±Infinity makes its column's sum
 * non-finite; finite float32 values cannot overflow a float64 sum), so X is read once here.
 */
export function checkTrainingData(
  solver: string,
  x: Matrix32,
  y: Matrix32,
  backend: LinalgBackend,
): TrainingSums {
  checkShape(solver, "X", x);
  checkShape(solver, "Y", y);
  if (x.rows !== y.rows) {
    throw new NtError(
      "BAD_INPUT",
      `${solver}: X has ${x.rows} rows but Y has ${y.rows} (X is (${x.rows}, ${x.cols}), Y is (${y.rows}, ${y.cols}))`,
    );
  }
  if (x.rows < 2) throw new NtError("BAD_INPUT", `${solver}: need at least 2 samples, X has ${x.rows}`);
  const sums = { x: backend.columnSums(x), y: backend.columnSums(y) };
  if (!sums.x.every(Number.isFinite)) checkFinite(solver, "X", x);
  if (!sums.y.every(Number.isFinite)) checkFinite(solver, "Y", y);
  return sums;
}

function checkShape(solver: string, label: string, m: Matrix32): void {
  if (m.rows === 0 || m.cols === 0)
    throw new NtError("BAD_INPUT", `${solver}: ${label} is empty, shape (${m.rows}, ${m.cols})`);
  if (m.data.length !== m.rows * m.cols) {
    throw new NtError(
      "BAD_INPUT",
      `${solver}: ${label} has shape (${m.rows}, ${m.cols}) but ${m.data.length} values`,
    );
  }
}

/** Checks a matrix is non-empty, its data length matches its shape and every value is finite. */
export function checkMatrix(solver: string, label: string, m: Matrix32): void {
  checkShape(solver, label, m);
  checkFinite(solver, label, m);
}

/** Throws NUMERIC naming the first non-finite entry of m. */
function checkFinite(solver: string, label: string, m: Matrix32): void {
  const data = m.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // v - v is 0 for finite v and NaN for NaN and ±Infinity (cheaper than Number.isFinite per value).
    if (v - v !== 0) {
      const r = Math.floor(i / m.cols);
      throw new NtError(
        "NUMERIC",
        `${solver}: ${label}[${r}, ${i - r * m.cols}] is ${v} (X and Y must be finite)`,
      );
    }
  }
}

/** Checks k-fold CV is possible: 2 <= folds <= nSamples. */
export function checkFolds(solver: string, folds: number, nSamples: number): void {
  if (folds > nSamples)
    throw new NtError("BAD_INPUT", `${solver}: cv = ${folds} folds but only ${nSamples} samples`);
}
