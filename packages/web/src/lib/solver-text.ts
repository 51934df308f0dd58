/** Plain-language text for a run's solver options and cross-validation (the stored config is terse). */

/** Options as "alphas: 20 values 1.00e-3 … 1.00e+5 (log-spaced), perTarget: true"; long number lists are summarised. */
export function fmtOptions(options: Record<string, unknown>): string {
  const entries = Object.entries(options);
  if (entries.length === 0) return "defaults";
  return entries.map(([k, v]) => `${k}: ${fmtValue(v)}`).join(", ");
}

function fmtValue(v: unknown): string {
  if (typeof v === "number") return short(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "number")) {
    const xs = v as number[];
    if (xs.length <= 4) return `[${xs.map(short).join(", ")}]`;
    const ratios = xs.slice(1).map((x, i) => x / xs[i]!);
    const logSpaced = xs.every((x) => x > 0) && ratios.every((r) => Math.abs(r / ratios[0]! - 1) < 1e-6);
    return `${xs.length} values ${short(xs[0]!)} … ${short(xs[xs.length - 1]!)}${logSpaced ? " (log-spaced)" : ""}`;
  }
  if (v !== null && typeof v === "object")
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" ? Number(x.toPrecision(3)) : x));
  return String(v);
}

function short(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}

/**
 * How the hyperparameters were cross-validated: the solver's own `cv` option wins over the run
 * config's fold count ("loo": efficient exact leave-one-out for ridge-cv; a number: K folds).
 */
export function cvText(solver: string, options: Record<string, unknown>, folds: number): string {
  const cv = options["cv"];
  if (cv === "loo") return "exact leave-one-out over the training images (efficient closed form)";
  if (typeof cv === "number") return `${cv}-fold over the training images`;
  if (solver === "ridge-cv" && cv === undefined)
    return "exact leave-one-out over the training images (ridge-cv's default)";
  if (solver === "ridge" || solver === "ols") return "none (no hyperparameter is chosen)";
  return `${folds}-fold over the training images`;
}
