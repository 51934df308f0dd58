import { NtError, formatShape } from "@neurotranslator/schema";
import type { Matrix32 } from "@neurotranslator/schema";

/** Throws NtError NUMERIC naming the matrix, row and column of the first NaN or ±Inf entry. */
export function assertFiniteMatrix(m: Matrix32, name: string): void {
  const { data, cols } = m;
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (!Number.isFinite(v)) {
      const row = Math.floor(k / cols);
      throw new NtError(
        "NUMERIC",
        `${name} has a non-finite value ${v} at row ${row}, column ${k - row * cols} of ${formatShape([m.rows, m.cols])}`,
      );
    }
  }
}

/** Checks that a matrix's data length matches rows × cols. */
export function assertMatrixLayout(m: Matrix32, name: string): void {
  if (m.data.length !== m.rows * m.cols) {
    throw new NtError(
      "BAD_INPUT",
      `${name} claims shape ${formatShape([m.rows, m.cols])} but holds ${m.data.length} values`,
    );
  }
}

/**
 * Validates predicted and true feature matrices, both [nTest, D]: same shape, nTest >= 2,
 * D >= 1, all values finite.
 */
export function assertPredictionPair(pred: Matrix32, truth: Matrix32): void {
  assertMatrixLayout(pred, "predictions");
  assertMatrixLayout(truth, "true features");
  if (pred.rows !== truth.rows || pred.cols !== truth.cols) {
    throw new NtError(
      "BAD_INPUT",
      `predictions have shape ${formatShape([pred.rows, pred.cols])} but true features have shape ${formatShape([truth.rows, truth.cols])}`,
    );
  }
  if (pred.rows < 2 || pred.cols < 1) {
    throw new NtError(
      "BAD_INPUT",
      `evaluation needs at least 2 test images and 1 feature, got shape ${formatShape([pred.rows, pred.cols])}`,
    );
  }
  assertFiniteMatrix(pred, "predictions");
  assertFiniteMatrix(truth, "true features");
}

/** Checks a count option is a non-negative integer. */
export function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new NtError("BAD_INPUT", `${name} must be a non-negative integer, got ${value}`);
  }
}
