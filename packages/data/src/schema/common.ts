import { z } from "zod";

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
  .regex(
    NAME_PATTERN,
    "must be 1-64 characters: a letter or digit, then letters, digits, '_', '.' or '-'",
  );
export type EntityName = z.infer<typeof EntityName>;

/** A SHA-256 digest as 64 lowercase hex characters. */
export const Sha256Hex = z
  .string()
  .regex(
    /^[0-9a-f]{64}$/,
    "must be a SHA-256 digest: 64 lowercase hex characters",
  );
export type Sha256Hex = z.infer<typeof Sha256Hex>;

/** A positive integer count (images, voxels, feature dimensions). */
export const Count = z.number().int().positive();
/** A non-negative integer (indices, seeds). */
export const Index = z.number().int().nonnegative();
