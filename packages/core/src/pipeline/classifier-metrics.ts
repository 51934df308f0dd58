import type { ClassifierHeadComparison, ImageClass, Matrix32, MetricSummary } from "@neurotranslator/schema";
import type { Classification, ClassifierHead } from "../features/classifier-head.ts";
import {
  classMatches,
  compareClassifications,
  type ClassificationComparison,
} from "../features/compare-classifications.ts";
import { Prng } from "../random/prng.ts";
import { mean, percentileCi95, permutationPValue, summariseNull } from "../metrics/stats.ts";

/** What the classifier stage returns: the RunMetrics fields, per-image top-5 lists and the plain comparison. */
export interface ClassifierResult {
  /** For RunMetrics.classifierHead (and the top-level top1Agreement / top5Overlap). */
  comparison: ClassifierHeadComparison;
  /** Per test image, the 5 best ImageNet class indices from the true and from the predicted features. */
  top5True: number[][];
  top5Pred: number[][];
  /** The same top-5 lists with each class's name (head.labels; null without labels) and softmax probability. */
  classesTrue: ImageClass[][];
  classesPred: ImageClass[][];
  /** Permutation-null samples [nPermutations] of each comparison metric, those its `null` and `p` summarise; empty without permutations. */
  nullSamples: Partial<Record<ClassifierMetricName, Float64Array>>;
  /** compareClassifications' numbers: KL, JS, rank of the true top class, WordNet ceilings. */
  details: ClassificationComparison;
  /** With options.trainingMean: the same agreement scores for the training mean as every image's prediction. */
  constant?: { top1Agreement: number; top5Overlap: number };
}

/** The MetricSummary fields of ClassifierHeadComparison. */
export type ClassifierMetricName = "top1Agreement" | "top5Overlap" | "labelTop1" | "labelTop5";

export interface ClassifierMetricOptions {
  /** Model id stored with the comparison. */
  model: string;
  /** Kay WordNet labels of the test images: 4 rows of nTest strings; row 3 is the ImageNet class name. */
  wordnet?: readonly (readonly string[])[];
  nPermutations: number;
  nBootstrap: number;
  seed: number;
  /** Training-set feature means [D]: scores the constant prediction (RunMetrics.constantBaseline). */
  trainingMean?: ArrayLike<number>;
}

/**
 * Classifies true and predicted test features [nTest, D] with the model's head and scores agreement,
 * each as a MetricSummary with the same honest null as the other metrics (true and predicted images
 * re-paired at random) and a bootstrap CI over test images:
 * - top1Agreement: top-1 class of pred_i equals that of truth_i;
 * - top5Overlap: |top5(pred_i) ∩ top5(truth_i)| / 5;
 * - labelTop1 / labelTop5 (with WordNet labels and class names): the predicted top-1 class / any of
 *   the predicted top-5 classes matches label row 3 (the image's ImageNet class), as classMatches.
 */
export function classifierMetrics(
  head: ClassifierHead,
  truth: Matrix32,
  pred: Matrix32,
  options: ClassifierMetricOptions,
): ClassifierResult {
  const compare = options.wordnet && head.labels ? { wordnet: options.wordnet } : {};
  const details = compareClassifications(head, truth, pred, compare);
  const classTrue = head.classify(truth);
  const classPred = head.classify(pred);
  const top5True = classTrue.top5;
  const top5Pred = classPred.top5;
  const n = truth.rows;
  const master = new Prng(options.seed);
  const sub = () => ({ perm: new Prng(master.nextUint32()), boot: new Prng(master.nextUint32()) });
  const comparison: ClassifierHeadComparison = { model: options.model };
  const nullSamples: ClassifierResult["nullSamples"] = {};
  // Sub-streams are drawn in this fixed order, so adding samples to the output changes no number.
  const summarise = (name: ClassifierMetricName, score: (p: number, t: number) => number) => {
    const { summary, nulls } = scoreSummary(score, n, options, sub());
    comparison[name] = summary;
    if (nulls) nullSamples[name] = nulls;
  };
  summarise("top1Agreement", (p, t) => (top5Pred[p]![0] === top5True[t]![0] ? 1 : 0));
  summarise("top5Overlap", (p, t) => top5Pred[p]!.filter((k) => top5True[t]!.includes(k)).length / 5);
  const labels = head.labels;
  const row3 = options.wordnet?.[3];
  if (labels && row3) {
    const matches = (k: number, t: number) => classMatches(labels[k]!, row3[t]!);
    summarise("labelTop1", (p, t) => (matches(top5Pred[p]![0]!, t) ? 1 : 0));
    summarise("labelTop5", (p, t) => (top5Pred[p]!.some((k) => matches(k, t)) ? 1 : 0));
  }
  let constant: ClassifierResult["constant"];
  if (options.trainingMean) {
    const top5 = head.classify({ rows: 1, cols: truth.cols, data: Float32Array.from(options.trainingMean) })
      .top5[0]!;
    constant = {
      top1Agreement: mean(top5True.map((t) => (t[0] === top5[0] ? 1 : 0))),
      top5Overlap: mean(top5True.map((t) => t.filter((k) => top5.includes(k)).length / 5)),
    };
  }
  return {
    comparison,
    ...(constant ? { constant } : {}),
    top5True,
    top5Pred,
    classesTrue: namedClasses(classTrue, labels),
    classesPred: namedClasses(classPred, labels),
    nullSamples,
    details,
  };
}

/** Each row's top-5 as { index, name, p }: p the class's softmax probability, name its label (null without labels). */
function namedClasses(c: Classification, labels: readonly string[] | undefined): ImageClass[][] {
  const nClasses = c.probs.cols;
  return c.top5.map((row, r) =>
    row.map((index) => ({ index, name: labels?.[index] ?? null, p: c.probs.data[r * nClasses + index]! })),
  );
}

/** Mean of score(i, i) over images, with a re-pairing null (score(i, π(i))), its samples, and a bootstrap CI. */
function scoreSummary(
  score: (pred: number, truth: number) => number,
  n: number,
  options: { nPermutations: number; nBootstrap: number },
  rng: { perm: Prng; boot: Prng },
): { summary: MetricSummary; nulls: Float64Array | undefined } {
  const own = Float64Array.from({ length: n }, (_, i) => score(i, i));
  const value = mean(own);
  let nullSummary: MetricSummary["null"] = null;
  let p: number | null = null;
  let nulls: Float64Array | undefined;
  if (options.nPermutations > 0) {
    nulls = new Float64Array(options.nPermutations);
    const pi = Int32Array.from({ length: n }, (_, i) => i);
    for (let r = 0; r < options.nPermutations; r++) {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.perm.intBelow(i + 1);
        [pi[i], pi[j]] = [pi[j]!, pi[i]!];
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += score(i, pi[i]!);
      nulls[r] = s / n;
    }
    nullSummary = summariseNull(nulls);
    p = permutationPValue(value, nulls, true);
  }
  let ci95: MetricSummary["ci95"] = null;
  if (options.nBootstrap > 0) {
    const reps = new Float64Array(options.nBootstrap);
    for (let r = 0; r < options.nBootstrap; r++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += own[rng.boot.intBelow(n)]!;
      reps[r] = s / n;
    }
    ci95 = percentileCi95(reps);
  }
  return { summary: { value, ci95, null: nullSummary, p }, nulls };
}
