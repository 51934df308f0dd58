import { z } from "zod";

// ImageResult.extra as runDecoding writes it: top-5 ImageNet class indices (0-based, best first) of the
// true and of the predicted features, present only when the layer feeds the model's classifier head.
const Top5 = z.array(z.number().int().nonnegative()).max(5);
const ClassExtra = z.object({ top5True: Top5.optional(), top5Pred: Top5.optional() });

/** The top-5 classes of one image's true and predicted features (null when the run has none), and their overlap. */
export function imageClasses(extra: Record<string, unknown>): { top5True: number[] | null; top5Pred: number[] | null; overlap: number | null } {
  const parsed = ClassExtra.safeParse(extra);
  const top5True = parsed.success ? (parsed.data.top5True ?? null) : null;
  const top5Pred = parsed.success ? (parsed.data.top5Pred ?? null) : null;
  const overlap = top5True && top5Pred ? top5Pred.filter((c) => top5True.includes(c)).length : null;
  return { top5True, top5Pred, overlap };
}

/** A class's display name: its ImageNet name when names are known, else "class <index>". */
export function className(index: number, names: readonly string[] | undefined): string {
  const name = names?.[index];
  return name === undefined ? `class ${index}` : name.split(",")[0]!.trim();
}
