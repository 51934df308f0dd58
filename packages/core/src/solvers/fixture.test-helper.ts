// Test-only helpers: load the scikit-learn fixtures (test/fixtures/sklearn, made by
// scripts/make-sklearn-fixtures.py) and compare matrices with a stated relative tolerance.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Matrix32 } from "@neurotranslator/schema";
import type { LinalgBackend } from "../linalg/backend.ts";
import { availableLinalgBackends } from "../linalg/select.ts";

export interface SklearnCase {
  n: number;
  p: number;
  d: number;
  m: number;
  X: number[][];
  Y: number[][];
  Xtest: number[][];
  [result: string]: unknown;
}

export function loadCase(name: "wide" | "tall"): SklearnCase {
  const url = new URL(`../../test/fixtures/sklearn/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as SklearnCase;
}

export function m32(rows: number[][]): Matrix32 {
  return { rows: rows.length, cols: rows[0]!.length, data: Float32Array.from(rows.flat()) };
}

/** max |a - b| / max(|b|) over all entries. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

/** Every backend that works here (native OpenBLAS when built, and JS): solver tests run on each. */
export function testBackends(): LinalgBackend[] {
  return availableLinalgBackends();
}
