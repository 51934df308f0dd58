import { NtError, oneLineMessage } from "@neurotranslator/schema";
import type { JsonObject } from "@neurotranslator/schema";

export { isDeterministic } from "@neurotranslator/schema";

/** Absolute paths (POSIX or Windows) in a message, each reduced to its last part. */
const ABSOLUTE_PATH = /(^|[\s("'=:])(?:\/|[A-Za-z]:\\)(?:[^\s"'(),:/\\]+[/\\])*([^\s"'(),:/\\]*)/g;

/** A message for a reader who may not see the worker's file system: paths cut to their base names. */
export function redactPaths(message: string): string {
  return message.replace(ABSOLUTE_PATH, (_match, lead: string, base: string) => `${lead}${base || "/"}`);
}

/**
 * What a failed job stores as its output: `{ error: { code, message } }`, one line, no stack, no
 * absolute path. (pg-boss stores what the handler threw through serialize-error, which calls toJSON.)
 */
export class JobFailure extends Error {
  override readonly name = "JobFailure";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toJSON(): JsonObject {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The JobFailure for what a handler threw. Errors other than NtError say only that the worker failed. */
export function jobFailure(error: unknown): JobFailure {
  if (error instanceof NtError) return new JobFailure(error.code, oneLineMessage(redactPaths(error.message)));
  return new JobFailure("INTERNAL", "internal error in the worker (its log has the details)");
}

/**
 * A stored job output as readers may see it: failures in the `{ error: { code, message } }` form
 * (older jobs stored pg-boss's serialized Error, with its stack), everything else as it is.
 */
export function publicOutput(output: JsonObject | null | undefined): JsonObject | null {
  if (output === null || output === undefined) return null;
  const error = output.error;
  if (error !== null && typeof error === "object" && !Array.isArray(error)) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { error: { code: typeof code === "string" ? code : "INTERNAL", message: cleanMessage(message) } };
  }
  const value = output.value;
  if ("stack" in output || ("message" in output && "name" in output)) {
    return {
      error: {
        code: typeof output.code === "string" ? output.code : "INTERNAL",
        message: cleanMessage(output.message),
      },
    };
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "message" in value) {
    // pg-boss's own failures, e.g. { value: { message: "job failed by timeout in active state" } }
    return { error: { code: "INTERNAL", message: cleanMessage((value as { message?: unknown }).message) } };
  }
  return output;
}

function cleanMessage(message: unknown): string {
  return typeof message === "string"
    ? oneLineMessage(redactPaths(message.split("\n")[0] ?? ""))
    : "the job failed";
}
