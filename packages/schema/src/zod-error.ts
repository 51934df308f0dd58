import type { z } from "zod";

/** One issue of a zod error. */
export type ZodIssue = z.ZodError["issues"][number];

/** A zod issue's path as a dotted field name ("options.alphas.0"), or `root` for the value itself. */
export function issueField(path: readonly PropertyKey[], root = "(root)"): string {
  return path.length === 0 ? root : path.map(String).join(".");
}

export interface ZodErrorTextOptions {
  /** How one issue reads, given its field name (`issueField`); default `field: message`. */
  line?: (field: string, issue: ZodIssue) => string;
  /** The field name of the value itself (default "(root)"). */
  root?: string;
  /** Describe at most this many issues (default all); " (and N more)" counts the rest. */
  max?: number;
}

/**
 * The one formatter of zod failures for users: one line, each issue as `line(field, issue)`,
 * joined by "; ". Callers choose the wording (`option x: ...`, `json field "x" ...`) and add the
 * prefix naming the file or request.
 */
export function zodErrorText(error: z.ZodError, options: ZodErrorTextOptions = {}): string {
  const {
    line = (field, issue) => `${field}: ${issue.message}`,
    root = "(root)",
    max = Number.POSITIVE_INFINITY,
  } = options;
  const shown = error.issues.slice(0, max).map((issue) => line(issueField(issue.path, root), issue));
  const rest = error.issues.length - shown.length;
  return `${shown.join("; ")}${rest > 0 ? ` (and ${rest} more)` : ""}`;
}
