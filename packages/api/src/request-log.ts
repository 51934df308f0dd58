import type { Context } from "hono";
import { oneLineMessage } from "@neurotranslator/data/errors";

/** Where the API writes one line per failed request it could not handle (500). */
export type ServerLog = (line: string) => void;

export const stderrLog: ServerLog = (line) => {
  process.stderr.write(`${line}\n`);
};

/**
 * The one log line of a 500: time, request id (also in the response's X-Request-Id header and
 * body), method, path and the error's first line; never a secret (headers and bodies are not logged).
 */
export function serverErrorLine(c: Context, requestId: string, error: unknown): string {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const path = oneLineMessage(new URL(c.req.url).pathname, 200);
  return `${new Date().toISOString()} error 500 request ${requestId} ${c.req.method} ${path}: ${oneLineMessage(what, 500)}`;
}
