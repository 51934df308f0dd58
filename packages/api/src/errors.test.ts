import { describe, expect, it } from "vitest";
import { toHttpError } from "./errors.ts";

const sysError = (code: string, syscall: string) =>
  Object.assign(new Error(`${syscall} ${code} /x`), { code, syscall });

describe("toHttpError: connection failures are 503, other failures 500", () => {
  it("a Unix socket that is gone (the embedded server restarting) is 503 UNAVAILABLE, also as a cause", () => {
    expect(toHttpError(sysError("ENOENT", "connect")).status).toBe(503);
    expect(toHttpError(new Error("query failed", { cause: sysError("ENOENT", "connect") })).status).toBe(503);
    expect(toHttpError(sysError("ECONNREFUSED", "connect")).body.error.code).toBe("UNAVAILABLE");
  });

  it("a missing file elsewhere is no connection failure: 500", () => {
    expect(toHttpError(sysError("ENOENT", "open")).status).toBe(500);
  });
});
