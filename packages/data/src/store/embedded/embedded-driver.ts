import { NtError } from "@neurotranslator/schema";
import type { Driver } from "../driver.ts";
import { openPostgresDriver } from "../postgres-driver.ts";
import { processIsLive } from "../dir-lock.ts";
import { ensureServer } from "./embedded-server.ts";
import { readPostmaster, serverPaths } from "./server-files.ts";

/** Connection failures that mean the server went away between our check and our connect (a stop racing us). */
function serverGone(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ECONNREFUSED" || code === "57P01" || code === "57P03") return true;
  }
  return false;
}

/**
 * Opens store directory `dir` on its embedded PostgreSQL server, joining it when running and
 * starting it otherwise. A server that is shutting down as we connect is waited for and restarted.
 */
export async function openEmbeddedDriver(dir: string, onNote?: (message: string) => void): Promise<Driver> {
  for (let attempt = 0; ; attempt++) {
    const server = await ensureServer(dir);
    if (server.initialised)
      onNote?.(`store: created the embedded PostgreSQL server's data in ${serverPaths(dir).data}`);
    try {
      return await openPostgresDriver(server.url, { kind: "embedded-postgres", location: dir });
    } catch (error) {
      if (attempt >= 2 || !serverGone(error)) throw error;
      const deadline = Date.now() + 30_000;
      while (processIsLive(server.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (readPostmaster(serverPaths(dir).data)?.pid === server.pid && processIsLive(server.pid))
        throw new NtError(
          "STORE",
          `the embedded server of ${dir} (pid ${server.pid}) refuses connections and does not exit`,
          { cause: error },
        );
    }
  }
}
