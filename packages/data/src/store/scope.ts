import type { z } from "zod";
import { NtError, zodErrorText } from "@neurotranslator/schema";
import type { Connection } from "./driver.ts";

/**
 * Where a repository runs: `conn` for single statements, `atomic` for several writes that must
 * land together. On the store root `atomic` opens a transaction; inside `store.transaction` it
 * joins the open one, so the caller's transaction decides.
 */
export interface Scope {
  readonly conn: Connection;
  atomic<T>(fn: (conn: Connection) => Promise<T>): Promise<T>;
}

/** Validates `value` with `schema`; a failure is NtError BAD_INPUT naming each field, the rule and the value. */
export function parseRecord<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = zodErrorText(result.error, {
    root: "(value)",
    line: (field, issue) => {
      const got = issue.path.reduce<unknown>(
        (v, key) =>
          v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined,
        value,
      );
      return `field "${field}" ${issue.message} (got ${preview(got)})`;
    },
  });
  throw new NtError("BAD_INPUT", `${what}: ${problems}`, {
    details: { issues: result.error.issues },
  });
}

function preview(value: unknown): string {
  const text = value === undefined ? "nothing" : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The SQLSTATE of a driver error, looking through drizzle's wrapper. */
function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Turns a database error into NtError: unique violations (a concurrent writer took the name or
 * content first) become CONFLICT with `conflict` as message, anything else STORE.
 */
export function storeError(error: unknown, doing: string, conflict?: string): NtError {
  if (error instanceof NtError) return error;
  const state = sqlState(error);
  if (state === "23505" && conflict !== undefined) return new NtError("CONFLICT", conflict, { cause: error });
  const cause =
    error instanceof Error
      ? error.cause instanceof Error
        ? error.cause.message
        : error.message
      : String(error);
  return new NtError("STORE", `${doing} failed: ${cause}`, {
    cause: error,
    details: { sqlState: state },
  });
}
