import { statSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { NtError } from "@neurotranslator/schema";
import { processIsLive } from "../dir-lock.ts";
import { findPostgresBinaries } from "./binaries.ts";
import { lastLogLines, runningServer } from "./embedded-server.ts";
import { hasServerData, readPostmaster, serverPaths } from "./server-files.ts";

/** What `neurotranslator store status` reports about an embedded server. */
export interface ServerStatus {
  store: string;
  /** False when the store has no server data directory (a PGlite store, or none yet). */
  initialised: boolean;
  running: boolean;
  pid?: number;
  startedAt?: string;
  /** Client connections other than this status query. */
  connections?: number;
  socketDir?: string;
  dataBytes?: number;
  version?: string;
  log: string;
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    try {
      total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
    } catch {
      // a file removed while we walk (WAL recycling): counts for nothing
    }
  }
  return total;
}

/** The embedded server's state; running servers are asked for their client count. */
export async function serverStatus(store: string): Promise<ServerStatus> {
  const paths = serverPaths(store);
  const initialised = hasServerData(store);
  const found = findPostgresBinaries();
  const base: ServerStatus = {
    store,
    initialised,
    running: false,
    log: paths.log,
    ...(found.ok ? { version: found.binaries.version } : {}),
    ...(initialised ? { dataBytes: directoryBytes(paths.data) } : {}),
  };
  const running = runningServer(store);
  const state = readPostmaster(paths.data);
  if (running === undefined || state === undefined) return base;
  const client = new pg.Client({ connectionString: running.url, connectionTimeoutMillis: 5000 });
  let connections: number | undefined;
  try {
    await client.connect();
    const result = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
    );
    connections = result.rows[0]?.n;
  } catch {
    connections = undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    ...base,
    running: true,
    pid: state.pid,
    startedAt: state.startedAt.toISOString(),
    socketDir: state.socketDir,
    ...(connections === undefined ? {} : { connections }),
  };
}

/**
 * Stops the embedded server of `store` (PostgreSQL's fast shutdown: open transactions roll back,
 * clients are disconnected, everything committed stays). Waits until it has exited.
 * Returns false when it was not running.
 */
export async function stopServer(store: string, timeoutMs = 60_000): Promise<boolean> {
  const paths = serverPaths(store);
  const state = readPostmaster(paths.data);
  if (state === undefined || !processIsLive(state.pid)) return false;
  try {
    process.kill(state.pid, "SIGINT");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw new NtError(
      "STORE",
      `cannot stop the embedded server (pid ${state.pid}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  const deadline = Date.now() + timeoutMs;
  while (processIsLive(state.pid)) {
    if (Date.now() > deadline)
      throw new NtError(
        "STORE",
        `the embedded server (pid ${state.pid}) did not stop within ${timeoutMs / 1000} s; see ${paths.log}: ${lastLogLines(paths.log)}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}
