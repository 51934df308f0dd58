import { NtError } from "@neurotranslator/schema";
import type { Matrix32, Matrix64 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../backend.ts";
import { applyColumnTransform, checkColumnTransform, checkCrossGram } from "../column-transform.ts";
import { checkLooSse, looSseWith } from "../loo-sse.ts";
import { checkMatrix } from "../shapes.ts";
import { choleskySolve } from "./cholesky.ts";
import { symmetricEigen } from "./eigh.ts";
import { gemmNT, toF64, transpose64 } from "./gemm.ts";

type Mat = Matrix32 | Matrix64;

/** Rows of op(M) laid out contiguously as float64: A for "A·" (op rows), Bᵀ for "·B". */
function rowsOf(m: Mat, trans: boolean): Float64Array {
  return trans ? transpose64(m.data, m.rows, m.cols) : toF64(m.data);
}

function product(
  name: string,
  a: Mat,
  b: Mat,
  transA: boolean,
  transB: boolean,
): { data: Float64Array; rows: number; cols: number } {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb) {
    throw new NtError(
      "BAD_INPUT",
      `${name}: inner dimensions differ: op(A) is (${m}, ${k}) but op(B) is (${kb}, ${n})`,
    );
  }
  // C = op(A) · op(B) = rows(op(A)) · rows(op(B)ᵀ)ᵀ.
  const aRows = rowsOf(a, transA);
  const bRows = rowsOf(b, !transB);
  return { data: gemmNT(aRows, bRows, m, n, k), rows: m, cols: n };
}

function checkSquare(name: string, a: Matrix64): void {
  if (a.rows !== a.cols)
    throw new NtError("BAD_INPUT", `${name}: matrix must be square, got shape (${a.rows}, ${a.cols})`);
}

/**
 * The always-available pure-JS backend: float64 arithmetic throughout (float32 inputs are
 * widened, matmul32 rounds its result), single thread. Roughly 1-3 GFLOP/s on one core, so the
 * Kay-sized kernel ridge takes minutes here instead of seconds with the native backend.
 */
export function createJsBackend(): LinalgBackend {
  const backend: LinalgBackend = {
    name: "js",
    description: "pure JavaScript (float64, single thread, blocked GEMM, Householder + implicit QL eigh)",
    matmul32(a, b, transA = false, transB = false) {
      const c = product("matmul32", a, b, transA, transB);
      return { rows: c.rows, cols: c.cols, data: new Float32Array(c.data) };
    },
    matmul64(a, b, transA = false, transB = false) {
      return product("matmul64", a, b, transA, transB);
    },
    gram(a, transform) {
      checkColumnTransform("gram", transform, a.cols);
      const rows = transform === undefined ? toF64(a.data) : applyColumnTransform(a, transform).data;
      return { rows: a.rows, cols: a.rows, data: gemmNT(rows, rows, a.rows, a.rows, a.cols, true) };
    },
    crossGram(a, b, transform) {
      checkCrossGram(a, b, transform);
      return product(
        "crossGram",
        applyColumnTransform(a, transform),
        applyColumnTransform(b, transform),
        false,
        true,
      );
    },
    eigh(a) {
      checkSquare("eigh", a);
      const { values, vectors } = symmetricEigen(a.data, a.rows);
      return { values, vectors: { rows: a.rows, cols: a.rows, data: vectors } };
    },
    solveSpd(a, b) {
      checkSquare("solveSpd", a);
      if (b.rows !== a.rows) {
        throw new NtError(
          "BAD_INPUT",
          `solveSpd: A has shape (${a.rows}, ${a.cols}) but B has ${b.rows} rows`,
        );
      }
      return { rows: b.rows, cols: b.cols, data: choleskySolve(a.data, a.rows, b.data, b.cols) };
    },
    columnSums(a) {
      checkMatrix("columnSums", "A", a);
      const { rows, cols, data } = a;
      const sums = new Float64Array(cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) sums[j]! += data[i * cols + j]!;
      return sums;
    },
    looSse(args) {
      checkLooSse(args);
      return looSseWith((a, b) => backend.matmul32(a, b), args);
    },
  };
  return backend;
}
