import type { MetricSummary, RunMetrics } from "@neurotranslator/data/schema";
import { fmt, fmtCi, fmtP } from "../lib/format.ts";

/** The smallest p a permutation test with n permutations can give: 1 / (1 + n). */
export function pFloor(nPermutations: number): number | null {
  return nPermutations > 0 ? 1 / (1 + nPermutations) : null;
}

/** "p ≤ 0.0099 (the smallest p 100 permutations can give)" at the floor, else "p = 0.034". */
export function fmtPWithFloor(p: number | null, nPermutations: number): string {
  const floor = pFloor(nPermutations);
  if (p !== null && floor !== null && p <= floor * (1 + 1e-9))
    return `p ≤ ${fmt(floor, 4)} (the smallest p ${nPermutations} permutations can give)`;
  return fmtP(p);
}

const CARDS: {
  key: keyof RunMetrics & string;
  label: string;
  read: (s: MetricSummary, m: RunMetrics) => string;
}[] = [
  {
    key: "featureR",
    label: "Per-feature r",
    read: () =>
      "each feature's Pearson r across the test images, averaged: how well the translation tracks every feature",
  },
  {
    key: "identification",
    label: "Identification",
    read: (s, m) =>
      `${Math.round(s.value * m.nTest)} of ${m.nTest} test images picked out from their translation (chance ${fmt(1 / m.nTest, 3)})`,
  },
  {
    key: "r2",
    label: "Per-feature R²",
    read: () => "variance of each feature explained on the test images (0: no better than the test mean)",
  },
  {
    key: "top1Agreement",
    label: "Top-1 class agreement",
    read: () =>
      "the classifier head gives the same top class for the translated as for the true CNN features",
  },
];

/** The answer in four numbers: each headline metric with its CI, its permutation null and p (floor stated), and the training-mean baseline. */
export function Headline({ metrics }: { metrics: RunMetrics }) {
  const c = metrics.constantBaseline as Record<string, unknown> | undefined;
  return (
    <>
      <p className="verdict">{verdict(metrics)}</p>
      <div className="headline">
        {CARDS.map(({ key, label, read }) => {
          const s = metrics[key] as MetricSummary | undefined;
          if (!s || typeof s !== "object" || typeof s.value !== "number") return null;
          const base = c?.[key];
          return (
            <div key={key} className="card">
              <h4>{label}</h4>
              <p className="card-value">{fmt(s.value)}</p>
              <p className="card-line">{s.ci95 ? `95% CI ${fmtCi(s.ci95)}` : "no CI"}</p>
              <p className="card-line">
                {s.null
                  ? `null ${fmt(s.null.mean)}; ${fmtPWithFloor(s.p, metrics.nPermutations)}`
                  : "no permutation null"}
              </p>
              {typeof base === "number" && <p className="card-line">training-mean baseline {fmt(base)}</p>}
              <p className="card-help">{read(s, metrics)}</p>
            </div>
          );
        })}
      </div>
    </>
  );
}

/** The answer in one sentence: per-feature r against its null, identification against chance. */
export function verdict(m: RunMetrics): string {
  const r = m.featureR;
  const id = m.identification;
  const parts: string[] = [];
  if (r) {
    const sig = r.p !== null && r.p < 0.05;
    parts.push(
      `Per-feature r is ${fmt(r.value)}${r.ci95 ? ` (95% CI ${fmtCi(r.ci95)})` : ""}${r.null ? `, ${sig ? "above" : "not distinguishable from"} its permutation null (mean ${fmt(r.null.mean)}; ${fmtPWithFloor(r.p, m.nPermutations).replace(/ \(.*\)$/, "")})` : ""}`,
    );
  }
  if (id)
    parts.push(
      `the translation picks out ${Math.round(id.value * m.nTest)} of ${m.nTest} test images from their true features, where chance picks out 1`,
    );
  return parts.length > 0 ? `${parts.join("; ")}.` : "";
}
