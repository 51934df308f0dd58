import { NtError, formatShape } from "@neurotranslator/schema";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import { checkMatrix } from "./shapes.ts";

/**
 * A per-column affine map applied to every row before a product: x̃_j = (x_j − shift_j) · invScale_j
 * (centring and scaling with training statistics). Either part may be absent.
 */
export interface ColumnTransform {
  shift?: Float64Array | undefined;
  invScale?: Float64Array | undefined;
}

/** Throws BAD_INPUT unless each present part has one value per column. */
export function checkColumnTransform(op: string, t: ColumnTransform | undefined, cols: number): void {
  for (const [name, v] of [
    ["shift", t?.shift],
    ["invScale", t?.invScale],
  ] as const) {
    if (v !== undefined && v.length !== cols) {
      throw new NtError(
        "BAD_INPUT",
        `${op}: ${name} has ${v.length} values but the matrix has ${cols} columns`,
      );
    }
  }
}

/** Checks Ã·B̃ᵀ: both matrices well formed with the same number of columns, and the transform; returns [m, n]. */
export function checkCrossGram(
  a: Matrix32 | Matrix64,
  b: Matrix32 | Matrix64,
  t: ColumnTransform | undefined,
): [number, number] {
  checkMatrix("crossGram", "A", a);
  checkMatrix("crossGram", "B", b);
  if (a.cols !== b.cols) {
    throw new NtError(
      "BAD_INPUT",
      `crossGram: A has shape ${formatShape([a.rows, a.cols])} but B has shape ${formatShape([b.rows, b.cols])}: both need the same number of columns`,
    );
  }
  checkColumnTransform("crossGram", t, a.cols);
  return [a.rows, b.rows];
}

/**
 * The transformed float64 copy of m. The arithmetic is the same as the native engine's widening
 * (subtract in float64, then multiply), so both give bit-identical transformed values.
 */
export function applyColumnTransform(m: Matrix32 | Matrix64, t: ColumnTransform | undefined): Matrix64 {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  const shift = t?.shift;
  const inv = t?.invScale;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    if (shift === undefined) for (let j = 0; j < cols; j++) out[o + j] = data[o + j]!;
    else for (let j = 0; j < cols; j++) out[o + j] = data[o + j]! - shift[j]!;
    if (inv !== undefined) for (let j = 0; j < cols; j++) out[o + j]! *= inv[j]!;
  }
  return { rows, cols, data: out };
}
