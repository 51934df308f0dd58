import type { MiddlewareHandler } from "hono";
import { errorBody } from "./errors.ts";

/** What the OpenAPI registry holds for a route (only the fields read here). */
interface RouteDefinition {
  type: string;
  route?: { method: string; path: string; request?: { query?: unknown } };
}

interface AllowedQuery {
  method: string;
  pattern: RegExp;
  path: string;
  keys: Set<string>;
}

function queryKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape === undefined ? [] : Object.keys(shape);
}

/** "/runs/{id}/images" -> /^\/runs\/[^/]+\/images$/ */
function pathPattern(path: string): RegExp {
  const source = path
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  return new RegExp(`^${source}$`);
}

/**
 * Refuses query parameters a route does not declare (400 BAD_INPUT naming them and the allowed
 * ones): a misspelt filter (`?datset=kay`) would otherwise be ignored and return everything.
 * The routes and their parameters come from the OpenAPI registry, so the check follows the spec.
 * Paths outside the registry (docs, the viewer) are left alone.
 */
export function rejectUnknownQuery(definitions: () => readonly unknown[]): MiddlewareHandler {
  let table: AllowedQuery[] | undefined;
  const build = () =>
    (definitions() as RouteDefinition[])
      .filter((d) => d.type === "route" && d.route !== undefined)
      .map(({ route }) => ({
        method: route!.method.toUpperCase(),
        path: route!.path,
        pattern: pathPattern(route!.path),
        keys: new Set(queryKeys(route!.request?.query)),
      }))
      // Literal paths before templated ones: /runs/compare before /runs/{id}.
      .sort((a, b) => Number(a.path.includes("{")) - Number(b.path.includes("{")));
  return async (c, next) => {
    const given = [...new Set(new URL(c.req.url).searchParams.keys())];
    if (given.length === 0) return next();
    table ??= build();
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const route = table.find((r) => r.method === method && r.pattern.test(c.req.path));
    if (route === undefined) return next();
    const unknown = given.filter((key) => !route.keys.has(key));
    if (unknown.length === 0) return next();
    const allowed = route.keys.size === 0 ? "it takes none" : `allowed: ${[...route.keys].join(", ")}`;
    const names = unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(", ");
    return c.json(
      errorBody(
        "BAD_INPUT",
        `unknown query parameter${unknown.length > 1 ? "s" : ""} ${names} for ${method} ${route.path}; ${allowed}`,
      ),
      400,
    );
  };
}
