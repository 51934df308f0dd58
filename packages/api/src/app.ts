import { OpenAPIHono } from "@hono/zod-openapi";
import { serveStatic } from "@hono/node-server/serve-static";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { Store } from "@neurotranslator/data";
import type { JobQueue } from "@neurotranslator/data/jobs";
import { requireToken } from "./auth.ts";
import { docsRoutes } from "./docs.ts";
import { errorBody, toHttpError } from "./errors.ts";
import { rejectUnknownQuery } from "./query-check.ts";
import { allowHosts } from "./host-check.ts";
import { serverErrorLine, stderrLog, type ServerLog } from "./request-log.ts";
import { datasetRoutes } from "./routes/datasets.ts";
import { featureSetRoutes } from "./routes/feature-sets.ts";
import { healthRoutes } from "./routes/health.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { runResultRoutes } from "./routes/run-results.ts";
import { runRoutes } from "./routes/runs.ts";
import { stimulusRoutes } from "./routes/stimuli.ts";

export interface AppOptions {
  store: Store;
  /** Writes always need a bearer token; reads need one when `readsRequireToken` (health and docs stay open). */
  auth: { readsRequireToken: boolean };
  /** Origins allowed to call from a browser; none (same origin only) when absent. */
  cors?: { origins: string[] };
  /** The job queue (PostgreSQL); without it POST /runs and /sweeps answer 503. */
  jobs?: JobQueue;
  /** A built web viewer to serve at `/` (index.html and assets). */
  webRoot?: string;
  /** Request bodies larger than this answer 413 (default 64 KiB: requests are small JSON). */
  bodyLimitBytes?: number;
  /**
   * Host names (no port) requests must name in their Host header, else 403; any when absent. A
   * server on a loopback address passes LOOPBACK_HOSTS (DNS rebinding).
   */
  allowedHosts?: readonly string[];
  /** Where each 500 is logged, one line with its request id (default: stderr). */
  log?: ServerLog;
  /**
   * How long GET /runs/{id} answers a run from memory (default 2000 ms; 0 turns the cache off). A run
   * deleted by another process (`runs rm`) may be served for up to this long.
   */
  runCacheMs?: number;
}

const OPEN_PATHS = /^\/(health|openapi\.json|docs(\/.*)?)$/;
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function apiRoutes(store: Store, jobs: JobQueue | undefined, runCacheMs: number | undefined) {
  const deps = { store, jobs, runCacheMs };
  return new OpenAPIHono()
    .route("/", healthRoutes(deps))
    .route("/", datasetRoutes(deps))
    .route("/", featureSetRoutes(deps))
    .route("/", stimulusRoutes(deps))
    .route("/", runRoutes(deps))
    .route("/", runResultRoutes(deps))
    .route("/", jobRoutes(deps));
}

/** The HTTP API as a Hono app (no socket: serve it with @hono/node-server, or call `app.request()` in tests). */
export function createApp(options: AppOptions) {
  const { store } = options;
  const app = new OpenAPIHono();
  const log = options.log ?? stderrLog;
  app.onError((error, c) => {
    const id = c.get("requestId");
    const { status, body } = toHttpError(error, id);
    if (status === 500) log(serverErrorLine(c, id, error));
    return c.json(body, status);
  });
  app.notFound((c) => c.json(errorBody("NOT_FOUND", `no route ${c.req.method} ${c.req.path}`), 404));
  // Every response names its request (X-Request-Id); a 500's body and log line carry the same id.
  app.use("*", requestId({ limitLength: 64 }));
  if (options.allowedHosts !== undefined) app.use("*", allowHosts(options.allowedHosts));
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        frameAncestors: ["'none'"],
      },
      crossOriginResourcePolicy: "same-origin",
    }),
  );
  if (options.cors !== undefined) {
    app.use(
      "*",
      cors({
        origin: options.cors.origins,
        allowMethods: ["GET", "HEAD", "POST", "OPTIONS"],
        allowHeaders: ["Authorization", "Content-Type"],
        maxAge: 600,
      }),
    );
  }
  const limit = options.bodyLimitBytes ?? 64 * 1024;
  app.use(
    "*",
    bodyLimit({
      maxSize: limit,
      onError: (c) => c.json(errorBody("LIMIT", `request body is larger than ${limit} bytes`), 413),
    }),
  );
  // JSON and text (the viewer's script and styles, the docs) gzip/deflate/brotli as the client accepts;
  // PNGs and .npz downloads are skipped by the compressible-type filter.
  app.use("*", compress());
  app.use(
    "*",
    rejectUnknownQuery(() => app.openAPIRegistry.definitions),
  );
  const guard = requireToken(store);
  app.use("*", async (c, next) => {
    const open =
      OPEN_PATHS.test(c.req.path) || (READ_METHODS.has(c.req.method) && !options.auth.readsRequireToken);
    return open || c.req.method === "OPTIONS" ? next() : guard(c, next);
  });

  const routes = app.route("/", apiRoutes(store, options.jobs, options.runCacheMs));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "a token from `neurotranslator token create`",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "NeuroTranslator API",
      version: "0.1.0",
      description: "Datasets, feature sets, runs and jobs of a NeuroTranslator store.",
    },
  });
  app.route("/", docsRoutes());
  if (options.webRoot !== undefined) {
    // The viewer routes by the URL hash (#/runs/ID), so only "/" serves its page; any other unknown
    // path is the JSON 404. Vite names assets by content hash: cached for a year, never revalidated.
    // serveStatic resolves paths under `root` and refuses ones that climb out of it.
    const page = serveStatic({ root: options.webRoot, path: "index.html" });
    app.get("/", cacheControl("no-cache"), page);
    app.get("/index.html", cacheControl("no-cache"), page);
    app.use(
      "/assets/*",
      cacheControl("public, max-age=31536000, immutable"),
      serveStatic({ root: options.webRoot }),
    );
  }
  return routes;
}

/** Sets Cache-Control on the successful responses of the handlers after it. */
function cacheControl(value: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set("Cache-Control", value);
  };
}

/** The app's type, for the typed client (`hono/client`). */
export type AppType = ReturnType<typeof createApp>;
