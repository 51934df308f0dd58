import type { PartitionSummary } from "@neurotranslator/app/partition";
import { table } from "../../output.ts";

type Summary = { value: number; ci95: [number, number] | null; pAdjusted?: number | null };

const cell = (s: Summary) =>
  `${s.value.toFixed(3)}${s.ci95 ? ` [${s.ci95[0].toFixed(3)}, ${s.ci95[1].toFixed(3)}]` : ""}${s.pAdjusted !== null && s.pAdjusted !== undefined && s.pAdjusted < 0.05 ? "*" : ""}`;

/** map --joint: per area the joint R², each layer's unique share, the shared share and the layers with unique variance. */
export function partitionText(p: PartitionSummary): string {
  const s = p.search;
  const head = [
    `Variance partition (banded ridge over ${p.layers.length} layers, band weights per ${s.weights} from ${s.nSamples} samples of the simplex x ${s.relativeAlphas.length} alphas, GCV): test R², 95% CI over test images;`,
    `unique = R²(all) - R²(all but the layer), shared = R²(all) - sum of unique (negative values are estimates, not clipped); * p < 0.05 FWE-corrected (joint: image-pairing permutations over ${p.corrections.joint.nCells} areas; unique: model-swap permutations over ${p.corrections.unique.nCells} cells)`,
  ];
  const rows = p.areas.map((a) => [
    a.roi,
    cell(a.joint),
    ...a.layers.map((l) => cell(l.unique)),
    cell(a.sharedTotal),
    a.uniqueLayers.length > 0 ? a.uniqueLayers.join(", ") : "none",
  ]);
  return [
    ...head,
    table(
      ["area", "joint R²", ...p.layers.map((l) => `unique ${l}`), "shared", "unique variance from"],
      rows,
    ),
  ].join("\n");
}
