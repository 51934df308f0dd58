import { z } from "zod";
import { hasControlChars } from "./message-text.ts";

/** Any JSON value (what a jsonb column holds). */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

/** A JSON object: provenance, options, free-form notes. */
export const JsonObject = z.record(z.string(), JsonValue);
export type JsonObject = z.infer<typeof JsonObject>;

/** Pattern of user-chosen names (datasets, feature sets): safe in paths, URLs and shells. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A dataset or feature-set name: 1-64 characters, letters/digits first, then letters, digits, `_`, `.`, `-`. */
export const EntityName = z
  .string()
  .regex(NAME_PATTERN, "must be 1-64 characters: a letter or digit, then letters, digits, '_', '.' or '-'");
export type EntityName = z.infer<typeof EntityName>;

/** A SHA-256 digest as 64 lowercase hex characters. */
export const Sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest: 64 lowercase hex characters");
export type Sha256Hex = z.infer<typeof Sha256Hex>;

/** A positive integer count (images, voxels, feature dimensions). */
export const Count = z.number().int().positive();
/** A non-negative integer (indices, seeds). */
export const Index = z.number().int().nonnegative();

/** Text that is printed and stored as it is: no control characters (ESC sequences, newlines, NUL). */
export const plainText = (schema: z.ZodString) =>
  schema.refine((s) => !hasControlChars(s), { error: "must not contain control characters" });

/** A visual area's name: 1-64 characters without control characters. */
export const AreaName = plainText(z.string().min(1).max(64));
export type AreaName = z.infer<typeof AreaName>;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why `value` cannot be stored as PostgreSQL jsonb or is too deep to handle safely, or undefined:
 * NUL characters and lone surrogates (jsonb refuses them), nesting past `maxDepth`.
 */
export function jsonProblem(value: unknown, maxDepth: number, depth = 0): string | undefined {
  if (depth > maxDepth) return `is nested deeper than ${maxDepth} levels`;
  if (typeof value === "string") {
    if (value.includes("\u0000")) return "holds a NUL character";
    if (LONE_SURROGATE.test(value)) return "holds an unpaired UTF-16 surrogate";
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item, maxDepth, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const problem = jsonProblem(key, maxDepth, depth + 1) ?? jsonProblem(item, maxDepth, depth + 1);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}
