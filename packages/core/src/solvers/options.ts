import { z } from "zod";
import { zodErrorText } from "@neurotranslator/schema";

/** Options every solver shares: centring, intercept, standardisation (training statistics). */
export const preprocessOptions = {
  /** Centre X and Y and fit an intercept (default true, as scikit-learn). */
  fitIntercept: z.boolean().default(true),
  /** Scale each voxel to unit training variance before fitting (coefficients are mapped back). */
  standardizeX: z.boolean().default(false),
  /** Scale each feature to unit training variance before fitting. */
  standardizeY: z.boolean().default(false),
};

/** Folds for k-fold CV: assignment is a seeded shuffle (or contiguous blocks when shuffle is false). */
export const foldOptions = {
  seed: z
    .number()
    .int()
    .min(0, { error: "seed must be an integer >= 0" })
    .max(Number.MAX_SAFE_INTEGER)
    .default(0),
  shuffle: z.boolean().default(true),
};

/** A positive alpha, with a message naming the option and the offending value. */
export const positiveAlpha = (name: string) =>
  z.number({ error: `${name} must be a number` }).refine((a) => Number.isFinite(a) && a > 0, {
    error: (iss) => `${name} must be > 0, got ${String(iss.input)}`,
  });

/** numpy.logspace(from, to, count). */
export function logspace(from: number, to: number, count: number): number[] {
  if (count === 1) return [10 ** from];
  return Array.from({ length: count }, (_, i) => 10 ** (from + ((to - from) * i) / (count - 1)));
}

/** scikit-learn's grid, 20 absolute alphas log-spaced 1e-2 .. 1e6 (benchmarks and parity tests; the default grid is relative, see alpha-grid.ts). */
export const SKLEARN_ALPHAS = logspace(-2, 6, 20);

/** Turns a zod failure into one readable line naming the option. */
export function describeZodError(solver: string, error: z.ZodError): string {
  return `${solver}: ${zodErrorText(error, { line: (field, i) => `option ${field}: ${i.message}` })}`;
}
