/**
 * The one error type users see. `code` is stable for scripts; `message` names the file, key,
 * shape or field at fault. The CLI prints only the message (stack with --verbose); the API maps
 * codes to HTTP statuses.
 */
export type NtErrorCode =
  | "BAD_INPUT" // a file or argument is malformed or inconsistent
  | "FORMAT" // a file format cannot be parsed (npy, npz, mat, image, model)
  | "LIMIT" // a size, shape or allocation limit was exceeded
  | "NOT_FOUND" // a named dataset, feature set, run, file or layer does not exist
  | "CONFLICT" // a name is taken, or content already stored
  | "NUMERIC" // a numeric precondition failed (NaN, singular, alpha <= 0, ...)
  | "ENGINE" // a compute engine could not be loaded or failed
  | "NETWORK" // a download failed
  | "STORE" // the database failed
  | "INTERNAL";

export class NtError extends Error {
  readonly code: NtErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: NtErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "NtError";
    this.code = code;
    this.details = options?.details;
  }
}

export function isNtError(error: unknown): error is NtError {
  return error instanceof NtError;
}

/** Codes of failures that trying again cannot fix: the request or its data must change. */
const DETERMINISTIC_CODES: ReadonlySet<NtErrorCode> = new Set([
  "BAD_INPUT",
  "FORMAT",
  "NOT_FOUND",
  "LIMIT",
  "NUMERIC",
  "CONFLICT",
]);

/** True for an NtError that a retry cannot fix (a queued job failing with one is not retried). */
export function isDeterministic(error: unknown): boolean {
  return error instanceof NtError && DETERMINISTIC_CODES.has(error.code);
}

/** Formats a shape as NumPy does: (1750, 8428). */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

export {
  escapeControls,
  hasControlChars,
  listForMessage,
  MAX_MESSAGE_CHARS,
  oneLineMessage,
  quoteForMessage,
  quotedList,
} from "./message-text.ts";
