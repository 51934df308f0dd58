import type { Matrix32 } from "@neurotranslator/schema";
import { NtError } from "@neurotranslator/schema";
import type { ClassifierHead } from "./classifier-head.ts";

/** Agreement between the classes of true and predicted features (all means over the n images). */
export interface ClassificationComparison {
  n: number;
  /** Fraction of images where argmax p_pred == argmax p_true. */
  top1Agreement: number;
  /** Mean over images of |top5(p_true) ∩ top5(p_pred)| / 5. */
  top5Overlap: number;
  /** Rank (1 = best) of the true top-1 class among the predicted probabilities: mean and median over images. */
  trueTopRankMean: number;
  trueTopRankMedian: number;
  /** Mean KL(p_true || p_pred) = Σ_c p_true log(p_true / p_pred), natural log (nats). */
  klMean: number;
  /** Mean Jensen-Shannon divergence ½KL(p_true||m) + ½KL(p_pred||m), m = ½(p_true + p_pred); nats, ≤ ln 2. */
  jsMean: number;
  /** Present when WordNet labels were given: see `WordnetAgreement`. */
  wordnet?: WordnetAgreement;
}

/**
 * Agreement with the Kay labels (4 rows x n images of WordNet strings; row 3 (0-based) is the
 * ImageNet class name). A predicted class "matches" a label string when, compared
 * case-insensitively after trimming, the label equals the full class name or one of its
 * comma-separated synonyms (ImageNet names are "tabby, tabby cat"). Empty labels never match.
 */
export interface WordnetAgreement {
  /** Fraction of images whose predicted top-1 class matches label row 3. */
  predTop1Row3: number;
  /** Fraction of images whose predicted top-1 class matches any of the 4 label rows. */
  predTop1AnyRow: number;
  /** The same two for the true features' top-1 class (the ceiling the predictions can reach). */
  trueTop1Row3: number;
  trueTop1AnyRow: number;
}

export interface CompareOptions {
  /** Kay WordNet labels: 4 rows of n strings (kay_labels.npy is [4, n]). Needs head.labels. */
  wordnet?: readonly (readonly string[])[];
}

const EPS = 1e-12; // floor for probabilities inside logs (float32 softmax underflows to 0)

/** Classifies both feature matrices ([n, D] each) with `head` and compares them (see ClassificationComparison). */
export function compareClassifications(
  head: ClassifierHead,
  truthFeatures: Matrix32,
  predFeatures: Matrix32,
  options: CompareOptions = {},
): ClassificationComparison {
  if (truthFeatures.rows !== predFeatures.rows || truthFeatures.cols !== predFeatures.cols) {
    throw new NtError(
      "BAD_INPUT",
      `true features [${truthFeatures.rows}, ${truthFeatures.cols}] and predicted features [${predFeatures.rows}, ${predFeatures.cols}] differ in shape`,
    );
  }
  const n = truthFeatures.rows;
  if (n === 0) throw new NtError("BAD_INPUT", "no images to compare");
  const truth = head.classify(truthFeatures);
  const pred = head.classify(predFeatures);
  const c = head.nClasses;
  let top1 = 0,
    top5 = 0,
    kl = 0,
    js = 0;
  const ranks: number[] = [];
  for (let i = 0; i < n; i++) {
    const t5 = truth.top5[i] as number[];
    const p5 = pred.top5[i] as number[];
    if (t5[0] === p5[0]) top1++;
    top5 += t5.filter((k) => p5.includes(k)).length / 5;
    const pt = truth.probs.data.subarray(i * c, (i + 1) * c);
    const pp = pred.probs.data.subarray(i * c, (i + 1) * c);
    const trueTop = t5[0] as number;
    let rank = 1;
    for (let j = 0; j < c; j++) if ((pp[j] as number) > (pp[trueTop] as number)) rank++;
    ranks.push(rank);
    const d = divergences(pt, pp);
    kl += d.kl;
    js += d.js;
  }
  const result: ClassificationComparison = {
    n,
    top1Agreement: top1 / n,
    top5Overlap: top5 / n,
    trueTopRankMean: ranks.reduce((a, b) => a + b, 0) / n,
    trueTopRankMedian: median(ranks),
    klMean: kl / n,
    jsMean: js / n,
  };
  if (options.wordnet) result.wordnet = wordnetAgreement(head, truth.top5, pred.top5, options.wordnet);
  return result;
}

function divergences(p: Float32Array, q: Float32Array): { kl: number; js: number } {
  let kl = 0,
    js = 0;
  for (let j = 0; j < p.length; j++) {
    const a = Math.max(p[j] as number, EPS);
    const b = Math.max(q[j] as number, EPS);
    const m = (a + b) / 2;
    kl += a * Math.log(a / b);
    js += 0.5 * a * Math.log(a / m) + 0.5 * b * Math.log(b / m);
  }
  return { kl, js };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function wordnetAgreement(
  head: ClassifierHead,
  truthTop5: number[][],
  predTop5: number[][],
  wordnet: readonly (readonly string[])[],
): WordnetAgreement {
  const labels = head.labels;
  if (!labels)
    throw new NtError(
      "BAD_INPUT",
      "WordNet agreement needs class names: no imagenet_classes.json beside the model",
    );
  const n = truthTop5.length;
  if (wordnet.length !== 4 || wordnet.some((row) => row.length !== n)) {
    throw new NtError(
      "BAD_INPUT",
      `WordNet labels must be 4 rows of ${n} strings, got ${wordnet.length} rows of ${wordnet.map((r) => r.length).join("/")}`,
    );
  }
  const counts = { predRow3: 0, predAny: 0, trueRow3: 0, trueAny: 0 };
  for (let i = 0; i < n; i++) {
    const rows = wordnet.map((row) => row[i] as string);
    const predName = labels[predTop5[i]?.[0] as number] as string;
    const trueName = labels[truthTop5[i]?.[0] as number] as string;
    if (classMatches(predName, rows[3] as string)) counts.predRow3++;
    if (rows.some((l) => classMatches(predName, l))) counts.predAny++;
    if (classMatches(trueName, rows[3] as string)) counts.trueRow3++;
    if (rows.some((l) => classMatches(trueName, l))) counts.trueAny++;
  }
  return {
    predTop1Row3: counts.predRow3 / n,
    predTop1AnyRow: counts.predAny / n,
    trueTop1Row3: counts.trueRow3 / n,
    trueTop1AnyRow: counts.trueAny / n,
  };
}

/** Whether ImageNet class name `className` matches `label` (see WordnetAgreement). */
export function classMatches(className: string, label: string): boolean {
  const l = label.trim().toLowerCase();
  if (l === "") return false;
  const name = className.trim().toLowerCase();
  return name === l || name.split(",").some((s) => s.trim() === l);
}
