import { ImageClassExtra, type TopClasses } from "@neurotranslator/data/schema";

/** One class of a top-5 list as the viewer shows it; name and p are null for runs that stored bare indices. */
export interface ShownClass {
  index: number;
  name: string | null;
  p: number | null;
}

/**
 * The top-5 classes of one image's true and predicted features (null when the run has none), and
 * their overlap. Reads ImageResult.extra as runDecoding writes it ({ index, name, p } entries) and as
 * older runs stored it (bare ImageNet class indices).
 */
export function imageClasses(extra: Record<string, unknown>): {
  top5True: ShownClass[] | null;
  top5Pred: ShownClass[] | null;
  overlap: number | null;
} {
  const parsed = ImageClassExtra.safeParse(extra);
  const shown = (list: TopClasses | undefined) =>
    list
      ? list.map((c) =>
          typeof c === "number"
            ? { index: c, name: null, p: null }
            : { index: c.index, name: c.name, p: c.p },
        )
      : null;
  const top5True = parsed.success ? shown(parsed.data.top5True) : null;
  const top5Pred = parsed.success ? shown(parsed.data.top5Pred) : null;
  const overlap =
    top5True && top5Pred ? top5Pred.filter((c) => top5True.some((t) => t.index === c.index)).length : null;
  return { top5True, top5Pred, overlap };
}

/**
 * A class's display name: the first synonym of its stored name, else of `names[index]` when a list of
 * names is given, else "class <index>" (old runs kept indices only).
 */
export function className(c: ShownClass | number, names?: readonly string[]): string {
  const index = typeof c === "number" ? c : c.index;
  const name = (typeof c === "number" ? null : c.name) ?? names?.[index];
  return name === undefined || name === null ? `class ${index}` : name.split(",")[0]!.trim();
}

/**
 * Why a run's image cards show no classes, from what the run stored: the classifier's skip reason
 * (engine.classifier.skipped, kept since runs record it), else what can be said without it.
 */
export function noClassesReason(run: {
  engine: Record<string, unknown>;
  metrics: Record<string, unknown>;
}): string {
  const classifier = run.engine["classifier"];
  const skipped =
    classifier !== null && typeof classifier === "object"
      ? (classifier as { skipped?: unknown }).skipped
      : undefined;
  if (typeof skipped === "string") return `No classes: ${skipped}.`;
  if (run.metrics["top1Agreement"] !== undefined) return "No classes stored for this image.";
  return "No classes: this run did not pass its features through a classifier head (it did not record why; runs made before the reason was kept do not say).";
}
