import { NULL_SAMPLE_METRICS, type Matrix64, type NullSampleMetric } from "@neurotranslator/schema";

/**
 * Gathers the permutation-null samples of a run's summary metrics into one matrix
 * values: [nMetrics, nPermutations], row k the samples of metrics[k], in NULL_SAMPLE_METRICS order.
 * `evaluation`: the samples evaluatePredictions drew; `classifier`: those of the head's comparison
 * (top1Agreement, top5Overlap; other keys are ignored). Undefined when there are none (0 permutations).
 */
export function collectNullSamples(
  evaluation: Partial<Record<string, Float64Array>> | undefined,
  classifier: Partial<Record<string, Float64Array>> | undefined,
): { metrics: NullSampleMetric[]; values: Matrix64 } | undefined {
  const rows: [NullSampleMetric, Float64Array][] = [];
  for (const name of NULL_SAMPLE_METRICS) {
    const samples = evaluation?.[name] ?? classifier?.[name];
    if (samples) rows.push([name, samples]);
  }
  if (rows.length === 0) return undefined;
  const cols = rows[0]![1].length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach(([, samples], k) => data.set(samples, k * cols));
  return { metrics: rows.map(([name]) => name), values: { rows: rows.length, cols, data } };
}
