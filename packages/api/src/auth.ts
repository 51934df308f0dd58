import type { MiddlewareHandler } from "hono";
import type { Store } from "@neurotranslator/data";
import { errorBody } from "./errors.ts";
import { rememberToken } from "./request-token.ts";

/** `Authorization: Bearer <secret>`; the scheme is case-insensitive (RFC 7235), as `bearer` from some clients. */
const BEARER = /^bearer +([A-Za-z0-9_-]{1,200})$/i;

/** Reads the bearer token and answers 401 unless it names a live token. The secret is never logged. */
export function requireToken(store: Store): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = BEARER.exec(header.trim());
    const token = match?.[1] === undefined ? undefined : await store.tokens.verify(match[1]);
    if (token === undefined) {
      c.header("WWW-Authenticate", 'Bearer realm="neurotranslator"');
      return c.json(
        errorBody(
          "UNAUTHORIZED",
          header === ""
            ? "this route needs a bearer token (neurotranslator token create)"
            : "the bearer token is unknown or revoked",
        ),
        401,
      );
    }
    rememberToken(c.req.raw, token);
    await next();
  };
}
