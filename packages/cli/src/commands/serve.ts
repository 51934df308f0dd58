import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { LOOPBACK_HOSTS, isLoopbackAddress } from "@neurotranslator/api/loopback";
import { openStore, redactDatabaseUrl } from "@neurotranslator/data";
import { NtError } from "@neurotranslator/data/errors";
import type { JobQueue } from "@neurotranslator/data/jobs";
import { storeLocation } from "../context.ts";
import { note } from "../output.ts";
import { integerOption, parseInteger, parseList } from "../flags.ts";
import { startWorkers } from "./worker.ts";

// The API (Hono, zod-openapi) and the job queue (pg-boss) load only when serve runs: every other
// command starts without them.

interface ServeOptions {
  port: string;
  host: string;
  readsRequireToken?: boolean;
  publicReads?: boolean;
  cors?: string;
  web?: string;
  bodyLimit: string;
  workers: number;
  permutations: number;
  bootstrap: number;
}

/** The built viewer of packages/web, when it has been built. */
const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../web/dist");

/**
 * Who may read. On a loopback address only this machine can connect, so reads are open unless
 * --reads-require-token; on any other address (0.0.0.0, a LAN address) reads need a token too unless
 * the operator says --public-reads, so a server is never exposed by accident.
 */
export function readAccess(opts: Pick<ServeOptions, "host" | "readsRequireToken" | "publicReads">): {
  loopback: boolean;
  readsRequireToken: boolean;
  note: string;
} {
  if (opts.readsRequireToken && opts.publicReads)
    throw new NtError(
      "BAD_INPUT",
      "--reads-require-token and --public-reads contradict each other: give one",
    );
  const loopback = isLoopbackAddress(opts.host);
  const readsRequireToken = Boolean(opts.readsRequireToken) || (!loopback && !opts.publicReads);
  const note = readsRequireToken
    ? `reads and writes need a bearer token (neurotranslator token create)${loopback ? "" : `; --host ${opts.host} is reachable from other machines (--public-reads opens reads)`}`
    : loopback
      ? "reads are open to this machine (loopback only); writes need a bearer token"
      : `WARNING: reads are open to anyone who can reach ${opts.host} (--public-reads); writes need a bearer token`;
  return { loopback, readsRequireToken, note };
}

/**
 * `serve`: the HTTP API and the built viewer from one process. On a PostgreSQL store (the embedded
 * server, the default, or DATABASE_URL) POST /runs and /sweeps queue jobs, executed by `--workers N`
 * in this process and by any `neurotranslator worker`; on a PGlite store they answer 503.
 */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) and the results viewer")
    .option("--port <port>", "TCP port (0: any free one)", "8080")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--reads-require-token",
      "require a bearer token for reads too (writes always need one); the default on a non-loopback --host",
    )
    .option(
      "--public-reads",
      "on a non-loopback --host, serve reads (datasets, stimulus images, runs, jobs) without a token",
    )
    .option("--cors <origins>", "comma-separated browser origins allowed to call the API")
    .option("--web <dir>", "built viewer to serve at / (default packages/web/dist when built)")
    .option("--body-limit <bytes>", "largest request body accepted", "65536")
    .option(
      "--workers <n>",
      "queued jobs this process executes at once (0: leave them to `neurotranslator worker`)",
      integerOption("--workers", { min: 0 }),
      1,
    )
    .option(
      "--permutations <n>",
      "permutations for the nulls of queued runs",
      integerOption("--permutations", { min: 0 }),
      1000,
    )
    .option(
      "--bootstrap <n>",
      "bootstrap resamples for the CIs of queued runs",
      integerOption("--bootstrap", { min: 0 }),
      1000,
    )
    .action(async (opts: ServeOptions, command: Command) => {
      const port = parseInteger("--port", opts.port, { min: 0, max: 65535 });
      const bodyLimitBytes = parseInteger("--body-limit", opts.bodyLimit, {
        min: 1024,
        max: 64 * 1024 * 1024,
      });
      const access = readAccess(opts);
      const location = storeLocation(command);
      const webRoot = opts.web ?? (existsSync(DEFAULT_WEB_ROOT) ? DEFAULT_WEB_ROOT : undefined);
      if (webRoot !== undefined && !existsSync(resolve(webRoot, "index.html")))
        throw new NtError("NOT_FOUND", `--web ${webRoot}: no index.html there`);
      const [{ createApp, listen }, { openJobQueue }] = await Promise.all([
        import("@neurotranslator/api"),
        import("@neurotranslator/data/jobs"),
      ]);
      const store = await openStore(location);
      let jobs: JobQueue | undefined;
      try {
        const url = store.connectionUrl();
        if (url !== undefined) {
          jobs = await openJobQueue(url, {
            onError: (e) => note(`job queue: ${e.message}`),
          });
          if (opts.workers > 0)
            await startWorkers(store, jobs, {
              concurrency: opts.workers,
              permutations: opts.permutations,
              bootstrap: opts.bootstrap,
            });
        }
        const app = createApp({
          store,
          jobs,
          auth: { readsRequireToken: access.readsRequireToken },
          // A loopback server answers only to loopback names (DNS rebinding).
          ...(access.loopback ? { allowedHosts: [...LOOPBACK_HOSTS, opts.host] } : {}),
          cors: opts.cors === undefined ? undefined : { origins: parseList("--cors", opts.cors) },
          webRoot,
          bodyLimitBytes,
        });
        const server = await listen(app.fetch, { port, host: opts.host });
        const where =
          location.databaseUrl === undefined
            ? store.describe().location
            : redactDatabaseUrl(location.databaseUrl);
        const queued =
          jobs === undefined
            ? "; queued runs need a PostgreSQL store (PGlite has no queue)"
            : opts.workers > 0
              ? `; ${opts.workers} worker(s) execute queued runs`
              : "; queued runs wait for `neurotranslator worker`";
        note(
          `serving ${server.url} (docs ${server.url}/docs) on ${store.describe().kind} store ${where}${queued}`,
        );
        note(access.note);
        await new Promise<void>((done) => {
          process.once("SIGINT", done);
          process.once("SIGTERM", done);
        });
        note("shutting down");
        await server.close();
      } finally {
        await jobs?.stop().catch(() => undefined);
        await store.close();
      }
    });
}
