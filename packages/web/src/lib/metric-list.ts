import type { MetricSummary, RunMetrics } from "@neurotranslator/data/schema";

/**
 * How the run page names and orders the summary metrics of RunMetrics. Per-feature r leads: per-image
 * r and cosine mostly reward the features' shared mean profile (the training-mean baseline shows how much).
 */
export interface MetricInfo {
  key: string;
  label: string;
  /** One line on what the number is. */
  help: string;
  /** Rank: smaller is better (its null and p-value run the other way). */
  lowerIsBetter: boolean;
}

export const METRIC_INFO: readonly MetricInfo[] = [
  {
    key: "featureR",
    label: "Per-feature r",
    help: "Pearson r of each feature across test images, mean over features",
    lowerIsBetter: false,
  },
  {
    key: "r2",
    label: "Per-feature R²",
    help: "1 - SS_res / SS_tot per feature (negative: worse than the test mean), mean over features",
    lowerIsBetter: false,
  },
  {
    key: "sampleR",
    label: "Per-image r",
    help: "Pearson r between predicted and true feature vectors, mean over test images (a constant mean-profile prediction already scores high: see the training-mean column)",
    lowerIsBetter: false,
  },
  {
    key: "cosine",
    label: "Per-image cosine",
    help: "cosine similarity of predicted and true vectors, mean over test images",
    lowerIsBetter: false,
  },
  {
    key: "identification",
    label: "Identification",
    help: "fraction of test images whose true vector is the best match of the prediction",
    lowerIsBetter: false,
  },
  {
    key: "rank",
    label: "Rank of true image",
    help: "rank of the true image among all test images (1 = identified), mean",
    lowerIsBetter: true,
  },
  {
    key: "rankPercentile",
    label: "Rank percentile",
    help: "fraction of other candidates the true image beats, mean over images",
    lowerIsBetter: false,
  },
  {
    key: "pairwise",
    label: "Pairwise (2 vs 2)",
    help: "fraction of image pairs matched the right way round",
    lowerIsBetter: false,
  },
  {
    key: "top1Agreement",
    label: "Top-1 agreement",
    help: "images whose top-1 class from predicted features equals that from true features",
    lowerIsBetter: false,
  },
  {
    key: "top5Overlap",
    label: "Top-5 overlap",
    help: "mean |top5(pred) ∩ top5(true)| / 5",
    lowerIsBetter: false,
  },
];

/** The summaries a run has, in METRIC_INFO order (optional ones such as top1Agreement only when present). */
export function summaryMetrics(metrics: RunMetrics): { info: MetricInfo; summary: MetricSummary }[] {
  const out: { info: MetricInfo; summary: MetricSummary }[] = [];
  for (const info of METRIC_INFO) {
    const summary = (metrics as unknown as Record<string, MetricSummary | undefined>)[info.key];
    if (summary !== undefined) out.push({ info, summary });
  }
  return out;
}

/** The label of a metric key (the key itself for metrics the viewer does not know). */
export function metricLabel(key: string): string {
  return METRIC_INFO.find((m) => m.key === key)?.label ?? key;
}

/** The unit of a metric as an axis title says it ("Pearson r, unitless", "fraction of test images"). */
export function metricUnit(key: string): string {
  switch (key) {
    case "featureR":
    case "sampleR":
    case "encodingR":
      return "Pearson r, unitless";
    case "r2":
      return "R², unitless; 0 = the test mean";
    case "cosine":
      return "cosine, unitless";
    case "rank":
      return "rank among the test images";
    case "identification":
    case "pairwise":
    case "rankPercentile":
    case "top1Agreement":
    case "top5Overlap":
      return "fraction, 0-1";
    default:
      return "unitless";
  }
}
