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

export { columnCorrelations } from "../metrics/correlation.ts";
