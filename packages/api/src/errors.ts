import { z } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isConnectionFailure } from "@neurotranslator/data";
import { isNtError, oneLineMessage, type NtErrorCode } from "@neurotranslator/data/errors";

/** The one error body every failing route answers with. Never a stack trace. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "NOT_FOUND" }),
      message: z.string().openapi({ example: 'dataset "kay" does not exist' }),
      requestId: z.string().optional().openapi({
        description:
          "on a 500: the request's id (also in the X-Request-Id header), which the server's log names",
      }),
    }),
  })
  .openapi("Error");
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Error codes the API adds to NtErrorCode. */
export type ApiErrorCode = NtErrorCode | "UNAUTHORIZED" | "FORBIDDEN" | "UNAVAILABLE" | "HTTP";

const STATUS: Record<NtErrorCode, ContentfulStatusCode> = {
  BAD_INPUT: 400,
  FORMAT: 400,
  NUMERIC: 400,
  LIMIT: 413,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NETWORK: 503,
  STORE: 500,
  ENGINE: 500,
  INTERNAL: 500,
};

/** A feature this server cannot offer now (e.g. queued runs on an embedded store): 503 UNAVAILABLE with this message. */
export class UnavailableError extends Error {
  override readonly name = "UnavailableError";
}

export function errorBody(code: ApiErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/**
 * Maps any thrown value to a status and the one error body. A 500 (unknown errors, and STORE,
 * ENGINE, INTERNAL failures, whose messages may quote SQL or the server's files) says only
 * "internal error" with the request's id: the details go to the server's log.
 */
export function toHttpError(
  error: unknown,
  requestId = "unknown",
): {
  status: ContentfulStatusCode;
  body: ErrorBody;
} {
  if (isConnectionFailure(error)) {
    return {
      status: 503,
      body: errorBody("UNAVAILABLE", "the database is unavailable; try again later"),
    };
  }
  if (error instanceof UnavailableError)
    return { status: 503, body: errorBody("UNAVAILABLE", error.message) };
  if (isNtError(error) && STATUS[error.code] !== 500)
    return {
      status: STATUS[error.code],
      body: errorBody(error.code, oneLineMessage(error.message)),
    };
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return {
      status,
      body: errorBody(status === 413 ? "LIMIT" : "HTTP", error.message || `HTTP ${status}`),
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: "INTERNAL",
        message: `internal error; the server's log names request ${requestId}`,
        requestId,
      },
    },
  };
}

/** OpenAPI response entries for the error statuses a route can answer. */
export function errorResponses(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 503)[]) {
  const describe = {
    400: "invalid parameter",
    401: "missing, unknown or revoked token",
    403: "a Host this server does not answer to",
    404: "not found",
    409: "conflict",
    413: "body too large",
    503: "database or job queue unavailable",
  } as const;
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: describe[s],
        content: { "application/json": { schema: ErrorBody } },
      },
    ]),
  ) as Record<
    (typeof statuses)[number],
    {
      description: string;
      content: { "application/json": { schema: typeof ErrorBody } };
    }
  >;
}
