import { hc } from "hono/client";
import type { AppType } from "./app.ts";

/**
 * A typed client for the API: paths, parameters and JSON bodies are checked against the server's
 * routes, e.g. `await (await client.runs[":id"].$get({ param: { id } })).json()`.
 */
export function createClient(baseUrl: string, token?: string) {
  return hc<AppType>(baseUrl, token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } });
}
export type ApiClient = ReturnType<typeof createClient>;
