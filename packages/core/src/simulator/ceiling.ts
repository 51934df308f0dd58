/**
 * Noise ceilings of simulated voxels. With unit signal variance and noise variance 1 / SNR per
 * measurement, the mean of R independent measurements correlates with the noise-free response as
 *
 *   ρ(R, SNR) = √( R·SNR / (R·SNR + 1) )
 *
 * and two single measurements correlate (test-retest reliability) as SNR / (SNR + 1). ρ is the
 * best correlation any model of the voxel can reach on that data.
 */
export function analyticCeiling(snr: number, nRepeats: number): number {
  return Math.sqrt((nRepeats * snr) / (nRepeats * snr + 1));
}

/** Expected correlation of two single measurements of a voxel: SNR / (SNR + 1). */
export function testRetestReliability(snr: number): number {
  return snr / (snr + 1);
}

/**
 * Pearson r per column between rows rowStartA .. rowStartA+nRows-1 of a: [*, nCols] and
 * b: [nRows, nCols]: the measured ceiling when a is the noise-free signal and b the averaged
 * responses. Constant columns give NaN. -> [nCols]
 */
export function columnCorrelations(
  a: Float32Array,
  rowStartA: number,
  b: Float32Array,
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
  return Float64Array.from(sab, (s, v) => (saa[v] === 0 || sbb[v] === 0 ? Number.NaN : s / Math.sqrt(saa[v]! * sbb[v]!)));
}

/** Mean of values[i] over i with area[i] === a, for each area 0..nAreas-1 (NaN skipped). */
export function meanByArea(values: Float64Array, area: Int32Array, nAreas: number): number[] {
  const sum = new Float64Array(nAreas);
  const count = new Float64Array(nAreas);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    sum[area[i]!]! += x;
    count[area[i]!]! += 1;
  }
  return Array.from(sum, (s, a) => (count[a]! > 0 ? s / count[a]! : Number.NaN));
}
