import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { RouteDeps } from "../deps.ts";
import { errorResponses } from "../errors.ts";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["health"],
  summary: "Liveness and database reachability (always open, never needs a token)",
  responses: {
    200: {
      description: "up",
      content: {
        "application/json": {
          schema: z
            .object({
              status: z.literal("ok"),
              store: z.enum(["pglite", "postgres", "embedded-postgres"]),
              jobs: z.boolean(),
            })
            .openapi("Health"),
        },
      },
    },
    ...errorResponses(503),
  },
});

export function healthRoutes({ store, jobs }: RouteDeps) {
  return new OpenAPIHono().openapi(health, async (c) => {
    await store.arrays.count(); // one round trip: a down database answers 503 through the error mapper
    return c.json(
      {
        status: "ok" as const,
        store: store.describe().kind,
        jobs: jobs !== undefined,
      },
      200,
    );
  });
}
