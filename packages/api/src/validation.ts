import type { Hook } from "@hono/zod-openapi";
import { errorBody } from "./errors.ts";

/** Turns a failed parameter or body validation into a 400 with the one error body, naming each field and rule. */
export const validationHook: Hook<unknown, never, string, unknown> = (
  result,
  c,
) => {
  if (result.success) return undefined;
  const where = result.target;
  const problems = result.error.issues.map(
    (issue) =>
      `${where} field "${issue.path.join(".") || "(value)"}" ${issue.message}`,
  );
  return c.json(errorBody("BAD_INPUT", problems.join("; ")), 400);
};
