/*
 * Pearson correlation, the one implementation: of two vectors, and per column of two row-major
 * matrices. Sums run in float64 around the means (two passes), whatever the input array type.
 */

/** Pearson r of two equal-length vectors; 0 when either is constant (the metrics' convention). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const m = a.length;
  let ma = 0;
  let mb = 0;
  for (let k = 0; k < m; k++) {
    ma += a[k]!;
    mb += b[k]!;
  }
  ma /= m;
  mb /= m;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = 0; k < m; k++) {
    const x = a[k]! - ma;
    const y = b[k]! - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/**
 * Pearson r per column between rows rowStartA .. rowStartA+nRows-1 of a: [*, nCols] and
 * b: [nRows, nCols] (both row-major). Constant columns give NaN. -> [nCols]
 */
export function columnCorrelations(
  a: ArrayLike<number>,
  rowStartA: number,
  b: ArrayLike<number>,
  nRows: number,
  nCols: number,
): Float64Array {
  const ma = new Float64Array(nCols);
  const mb = new Float64Array(nCols);
  for (let i = 0; i < nRows; i++) {
    const ra = (rowStartA + i) * nCols;
    for (let v = 0; v < nCols; v++) {
      ma[v]! += a[ra + v]!;
      mb[v]! += b[i * nCols + v]!;
    }
  }
  for (let v = 0; v < nCols; v++) {
    ma[v]! /= nRows;
    mb[v]! /= nRows;
  }
  const sab = new Float64Array(nCols);
  const saa = new Float64Array(nCols);
  const sbb = new Float64Array(nCols);
  for (let i = 0; i < nRows; i++) {
    const ra = (rowStartA + i) * nCols;
    for (let v = 0; v < nCols; v++) {
      const x = a[ra + v]! - ma[v]!;
      const y = b[i * nCols + v]! - mb[v]!;
      sab[v]! += x * y;
      saa[v]! += x * x;
      sbb[v]! += y * y;
    }
  }
  return Float64Array.from(sab, (s, v) =>
    saa[v] === 0 || sbb[v] === 0 ? Number.NaN : s / Math.sqrt(saa[v]! * sbb[v]!),
  );
}
