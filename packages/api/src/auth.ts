import type { MiddlewareHandler } from "hono";
import type { Store } from "@neurotranslator/data";
import { errorBody } from "./errors.ts";

/** Reads `Authorization: Bearer <secret>` and answers 401 unless it names a live token. The secret is never logged. */
export function requireToken(store: Store): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header);
    const token =
      match?.[1] === undefined
        ? undefined
        : await store.tokens.verify(match[1]);
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
    await next();
  };
}
