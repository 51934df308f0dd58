import { NtError, formatShape } from "@neurotranslator/schema";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";

/**
 * Shape checks shared by the linear-algebra backends, so every backend rejects the same inputs
 * with the same messages (`op` names the operation, e.g. "matmul32").
 */

/** Throws BAD_INPUT unless `m.data` holds exactly rows × cols elements. */
export function checkMatrix(op: string, name: string, m: Matrix32 | Matrix64): void {
  const { rows, cols } = m;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new NtError("BAD_INPUT", `${op}: ${name} has invalid shape (${rows}, ${cols})`);
  }
  if (m.data.length !== rows * cols) {
    throw new NtError(
      "BAD_INPUT",
      `${op}: ${name} has shape ${formatShape([rows, cols])} but its data holds ${m.data.length} elements (expected ${rows * cols})`,
    );
  }
}

/** Shape of op(M): M's when not transposed, swapped when transposed. */
export function opShape(m: Matrix32 | Matrix64, trans: boolean): [number, number] {
  return trans ? [m.cols, m.rows] : [m.rows, m.cols];
}

/**
 * Checks op(A)·op(B) and returns its output shape [m, n].
 * Throws BAD_INPUT naming both shapes when op(A) is [m, k] and op(B) is [k', n] with k ≠ k'.
 */
export function checkMatmul(
  op: string,
  a: Matrix32 | Matrix64,
  b: Matrix32 | Matrix64,
  transA: boolean,
  transB: boolean,
): [number, number] {
  checkMatrix(op, "A", a);
  checkMatrix(op, "B", b);
  const [m, k] = opShape(a, transA);
  const [kb, n] = opShape(b, transB);
  if (k !== kb) {
    const opA = transA ? "Aᵀ" : "A";
    const opB = transB ? "Bᵀ" : "B";
    throw new NtError(
      "BAD_INPUT",
      `${op}: ${opA} has shape ${formatShape([m, k])} but ${opB} has shape ${formatShape([kb, n])}: inner dimensions ${k} and ${kb} differ`,
    );
  }
  return [m, n];
}

/** Throws BAD_INPUT unless A is square. */
export function checkSquare(op: string, name: string, a: Matrix64): void {
  checkMatrix(op, name, a);
  if (a.rows !== a.cols) {
    throw new NtError(
      "BAD_INPUT",
      `${op}: ${name} must be square but has shape ${formatShape([a.rows, a.cols])}`,
    );
  }
}

/** Throws NUMERIC naming the first NaN/±Inf entry (factorisations would silently produce garbage). */
export function checkFinite(op: string, name: string, a: Matrix64): void {
  const { data, cols } = a;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / cols);
      throw new NtError(
        "NUMERIC",
        `${op}: ${name} of shape ${formatShape([a.rows, a.cols])} has a non-finite value ${data[i]} at (${row}, ${i - row * cols})`,
      );
    }
  }
}
