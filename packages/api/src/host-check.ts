import type { MiddlewareHandler } from "hono";
import { quoteForMessage } from "@neurotranslator/data/errors";
import { errorBody } from "./errors.ts";

/** The host name of a Host header value, without port, lower case, without a trailing dot. */
function hostName(value: string): string {
  const v = value.trim().toLowerCase();
  const name = v.startsWith("[") ? v.slice(0, v.indexOf("]") + 1) : v.replace(/:\d*$/, "");
  return name.replace(/\.$/, "");
}

/**
 * Answers 403 to requests whose Host is not one of `allowed` (host names, no ports). A server bound
 * to a loopback address allows only loopback names, so a web page that rebinds its own domain to
 * 127.0.0.1 (DNS rebinding) cannot read it through the victim's browser.
 */
export function allowHosts(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set(allowed.map(hostName));
  return async (c, next) => {
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    if (!names.has(hostName(host))) {
      return c.json(
        errorBody(
          "FORBIDDEN",
          `Host ${quoteForMessage(host, 80)} is not allowed: this server answers only to ${[...names].join(", ")}`,
        ),
        403,
      );
    }
    await next();
  };
}
