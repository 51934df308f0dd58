import type { Hook } from "@hono/zod-openapi";
import { zodErrorText } from "@neurotranslator/schema";
import { errorBody } from "./errors.ts";

/** Turns a failed parameter or body validation into a 400 with the one error body, naming each field and rule. */
export const validationHook: Hook<unknown, never, string, unknown> = (result, c) => {
  if (result.success) return undefined;
  const where = result.target;
  const problems = zodErrorText(result.error, {
    root: "(value)",
    line: (field, issue) => `${where} field "${field}" ${issue.message}`,
  });
  return c.json(errorBody("BAD_INPUT", problems), 400);
};
