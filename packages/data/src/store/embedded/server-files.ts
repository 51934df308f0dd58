import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The socket's name in its directory: PostgreSQL's `.s.PGSQL.<port>`; one server per store, so one port number. */
export const SERVER_PORT = 5432;
/** The database the store's tables live in. */
export const DATABASE_NAME = "neurotranslator";
/** The superuser initdb creates; only the server's OS account can reach the socket (mode 0700). */
export const DATABASE_USER = "postgres";

/** Where an embedded server keeps its files, all under `<store>/server` (owned by the server's account). */
export interface ServerPaths {
  store: string;
  /** `<store>/server`: mode 0700. */
  root: string;
  /** PGDATA. */
  data: string;
  log: string;
  /** The Unix socket's directory: `<store>/server`, or a short one under the temp dir when that path is too long. */
  socketDir: string;
  /** Taken while a process initialises or starts the server. */
  startLockName: string;
}

/** Unix socket paths are limited to ~104 bytes (macOS) / 108 (Linux). */
const MAX_SOCKET_PATH = 100;

export function serverPaths(store: string): ServerPaths {
  const root = join(store, "server");
  const socket = join(root, `.s.PGSQL.${SERVER_PORT}`);
  const socketDir =
    socket.length <= MAX_SOCKET_PATH
      ? root
      : join(tmpdir(), `nt-pg-${createHash("sha256").update(store).digest("hex").slice(0, 12)}`);
  return {
    store,
    root,
    data: join(root, "data"),
    log: join(root, "postgres.log"),
    socketDir,
    startLockName: "server-start.lock",
  };
}

/** Whether `store` holds an embedded server's data directory (initialised). */
export function hasServerData(store: string): boolean {
  return existsSync(join(serverPaths(store).data, "PG_VERSION"));
}

/** What PostgreSQL writes to `postmaster.pid` while it runs (see its pidfile.h). */
export interface PostmasterState {
  pid: number;
  startedAt: Date;
  port: number;
  socketDir: string;
  /** "starting", "ready", "stopping", "standby" (empty while the file is being written). */
  status: string;
}

/** The running server's state from `postmaster.pid`, or undefined when there is none (stopped). */
export function readPostmaster(dataDir: string): PostmasterState | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, "postmaster.pid"), "utf8");
  } catch {
    return undefined;
  }
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return {
    pid,
    startedAt: new Date(Number(lines[2]) * 1000),
    port: Number(lines[3]),
    socketDir: lines[4] ?? "",
    status: (lines[7] ?? "").trim(),
  };
}

/** The node-postgres connection string for a socket directory. */
export function socketUrl(socketDir: string, port = SERVER_PORT, database = DATABASE_NAME): string {
  return `postgresql://${DATABASE_USER}@/${database}?host=${encodeURIComponent(socketDir)}&port=${port}`;
}
