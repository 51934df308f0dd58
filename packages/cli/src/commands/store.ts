import type { Command } from "commander";
import { redactDatabaseUrl, serverStatus, stopServer, type ServerStatus } from "@neurotranslator/data";
import { NtError } from "@neurotranslator/data/errors";
import { storeDir, storeLocation } from "../context.ts";
import { emit } from "../output.ts";

interface JsonFlag {
  json?: boolean;
}

/** The store directory of this command, or a clear error when DATABASE_URL names another server. */
function embeddedDir(command: Command, doing: string): string {
  const dir = storeDir(command);
  if (dir === undefined) {
    const url = storeLocation(command).databaseUrl ?? "";
    throw new NtError(
      "BAD_INPUT",
      `store ${doing}: DATABASE_URL points at ${redactDatabaseUrl(url)}, a server this command does not manage; unset it to manage the embedded store's server`,
    );
  }
  return dir;
}

function mib(bytes: number | undefined): string {
  return bytes === undefined ? "-" : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function statusText(s: ServerStatus): string {
  if (!s.initialised)
    return `store ${s.store}: no embedded PostgreSQL server data (a new store, or a PGlite store)`;
  if (!s.running)
    return `store ${s.store}: embedded PostgreSQL ${s.version ?? ""} stopped (data ${mib(s.dataBytes)}); the next command starts it`;
  return [
    `store ${s.store}: embedded PostgreSQL ${s.version ?? ""} running, pid ${s.pid}, since ${s.startedAt}`,
    `  clients connected: ${s.connections ?? "?"}; data ${mib(s.dataBytes)}; socket ${s.socketDir}; log ${s.log}`,
    "  it keeps running for the next command; `neurotranslator store stop` stops it",
  ].join("\n");
}

/**
 * `store status|stop`: the embedded PostgreSQL server of a store directory. Any command starts it
 * when needed; it runs until `store stop` (or the machine restarts), so every process joins the
 * same server and a new command does not pay its start-up.
 */
export function registerStore(program: Command): void {
  const store = program.command("store").description("the embedded store's PostgreSQL server: status, stop");
  store
    .command("status")
    .description("whether the store directory's server runs, its pid, clients and size")
    .option("--json", "print one JSON document")
    .action(async (opts: JsonFlag, command: Command) => {
      const status = await serverStatus(embeddedDir(command, "status"));
      emit(opts, status, () => statusText(status));
    });
  store
    .command("stop")
    .description(
      "stop the store directory's server now (committed data stays; connected clients are disconnected)",
    )
    .option("--json", "print one JSON document")
    .action(async (opts: JsonFlag, command: Command) => {
      const dir = embeddedDir(command, "stop");
      const stopped = await stopServer(dir);
      emit(opts, { store: dir, stopped }, () =>
        stopped ? `stopped the embedded server of ${dir}` : `the embedded server of ${dir} was not running`,
      );
    });
}
