import { hc } from "hono/client";
import type { AppType } from "@neurotranslator/api";

/**
 * The typed API client (hono/client over the server's routes). The viewer is served by the API
 * itself, so the base URL is the page's origin; `pnpm dev` proxies the same paths.
 * (Built here rather than imported from @neurotranslator/api, whose entry point also loads the
 * Node server code; only the AppType is imported, as a type.)
 */
export const api = hc<AppType>(typeof window === "undefined" ? "http://127.0.0.1" : window.location.origin);
export type Api = typeof api;
