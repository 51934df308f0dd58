import { describe, expect, it } from "vitest";
import { z } from "zod";
import { issueField, zodErrorText } from "./zod-error.ts";

const Schema = z
  .object({ a: z.number(), b: z.object({ c: z.array(z.string()) }), d: z.boolean(), e: z.string() })
  .strict();

function failure(value: unknown): z.ZodError {
  const parsed = Schema.safeParse(value);
  if (parsed.success) throw new Error("expected a failure");
  return parsed.error;
}

describe("zodErrorText", () => {
  it("names each field by its dotted path, the value itself by `root`", () => {
    expect(issueField(["b", "c", 1])).toBe("b.c.1");
    expect(issueField([], "(value)")).toBe("(value)");
    const text = zodErrorText(failure({ a: "x", b: { c: ["ok", 2] }, d: true, e: "" }));
    expect(text).toMatch(/^a: .*number.*; b\.c\.1: .*string/);
    expect(zodErrorText(failure(5), { root: "(value)" })).toMatch(/^\(value\): /);
  });
  it("words each issue as asked and counts the issues left out", () => {
    const error = failure({});
    expect(error.issues.length).toBe(4);
    const text = zodErrorText(error, { line: (field) => `field "${field}"`, max: 2 });
    expect(text).toBe('field "a"; field "b" (and 2 more)');
  });
});
