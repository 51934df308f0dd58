import { execFile } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  statSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { NtError } from "@neurotranslator/schema";
import { acquireDirLock, processIsLive, type DirLock } from "../dir-lock.ts";
import { findPostgresBinaries, type PostgresBinaries } from "./binaries.ts";
import { canReach, serverUser, type ServerUser } from "./server-user.ts";
import {
  DATABASE_NAME,
  DATABASE_USER,
  SERVER_PORT,
  readPostmaster,
  serverPaths,
  socketUrl,
  type ServerPaths,
} from "./server-files.ts";

const run = promisify(execFile);

/** A running embedded server, as a client joins it. */
export interface ServerHandle {
  url: string;
  pid: number;
  /** True when this call started it (false: it was running and we joined). */
  started: boolean;
  /** True when this call also created its data directory (initdb). */
  initialised: boolean;
}

/**
 * Server settings, passed at every start (so a moved store still gets the right socket): no TCP
 * at all, a socket only the server's account reaches, and room for bulk imports between checkpoints.
 */
function serverOptions(paths: ServerPaths): string {
  return [
    `-p ${SERVER_PORT}`,
    "-c listen_addresses=''",
    `-c unix_socket_directories='${paths.socketDir.replaceAll("'", "''")}'`,
    "-c unix_socket_permissions=0700",
    "-c max_wal_size=2GB",
  ].join(" ");
}

function binariesOrThrow(): PostgresBinaries {
  const found = findPostgresBinaries();
  if (!found.ok) throw new NtError("STORE", `cannot run the embedded PostgreSQL server: ${found.reason}`);
  return found.binaries;
}

/** The server's state when it is running and ready (its postmaster alive), else undefined. */
export function runningServer(store: string): { pid: number; url: string } | undefined {
  const state = readPostmaster(serverPaths(store).data);
  if (state === undefined || state.status !== "ready" || !processIsLive(state.pid)) return undefined;
  return { pid: state.pid, url: socketUrl(state.socketDir, state.port) };
}

/** Takes the start lock, waiting (up to `timeoutMs`) while another live process holds it. */
async function takeStartLock(paths: ServerPaths, timeoutMs = 120_000): Promise<DirLock> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return acquireDirLock(paths.store, paths.startLockName);
    } catch (error) {
      if (!(error instanceof NtError) || error.code !== "CONFLICT" || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Joins the embedded PostgreSQL server of store directory `store`, starting it (and creating its
 * data directory on first use) when it is not running. Concurrent callers serialise on a start
 * lock; the server keeps running after the caller exits, for the next command, until
 * `stopServer` (`neurotranslator store stop`).
 */
export async function ensureServer(store: string): Promise<ServerHandle> {
  const running = runningServer(store);
  if (running !== undefined) return { ...running, started: false, initialised: false };
  const paths = serverPaths(store);
  const binaries = binariesOrThrow();
  const user = serverUser();
  const lock = await takeStartLock(paths);
  try {
    const raced = runningServer(store);
    if (raced !== undefined) return { ...raced, started: false, initialised: false };
    const initialised = !existsSync(join(paths.data, "PG_VERSION"));
    if (initialised) await initialise(paths, binaries, user);
    prepareSocketDir(paths, user);
    await start(paths, binaries, user);
    const now = runningServer(store);
    if (now === undefined)
      throw new NtError(
        "STORE",
        `the embedded server in ${paths.data} started but is not ready; see ${paths.log}`,
      );
    await ensureDatabase(now.url);
    return { ...now, started: true, initialised };
  } finally {
    lock.release();
  }
}

/** An owned, private directory for the server's files. */
function ownedDir(path: string, user: ServerUser): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (user.switched) chownSync(path, user.uid, user.gid);
}

function prepareSocketDir(paths: ServerPaths, user: ServerUser): void {
  if (paths.socketDir !== paths.root) ownedDir(paths.socketDir, user);
}

/**
 * Under root the server runs as another account, which must be able to enter the store directory
 * (its own folder inside is then chowned to it). A private store directory (mode 0700, as mkdtemp
 * makes) gets search permission for others (o+x: enter, not list); unreachable parents are refused.
 */
function reachableStore(store: string, user: ServerUser): void {
  if (canReach(user, store)) return;
  if (canReach(user, dirname(store))) {
    chmodSync(store, (statSync(store).mode & 0o7777) | 0o001);
    if (canReach(user, store)) return;
  }
  throw new NtError(
    "STORE",
    `the embedded PostgreSQL server runs as the OS account "${user.name}" (PostgreSQL refuses root), which cannot reach ${store}: ` +
      `a parent directory is not searchable by it. Put the store where that account can reach it (--store DIR, e.g. under /srv or /tmp), ` +
      `or use PGlite (--store-engine pglite).`,
  );
}

/** initdb into a temporary folder renamed into place: an interrupted initdb never leaves half a cluster. */
async function initialise(paths: ServerPaths, binaries: PostgresBinaries, user: ServerUser): Promise<void> {
  ownedDir(paths.store, { ...user, switched: false });
  reachableStore(paths.store, user);
  ownedDir(paths.root, user);
  // Left by an initdb that was killed (we hold the start lock, so none is running now).
  for (const entry of readdirSync(paths.root))
    if (entry.startsWith("data.init-")) rmSync(join(paths.root, entry), { recursive: true, force: true });
  const tmp = `${paths.data}.init-${process.pid}`;
  const args = [
    "-D",
    tmp,
    "-U",
    DATABASE_USER,
    "--auth=trust",
    "--encoding=UTF8",
    "--no-locale",
    "--no-instructions",
  ];
  if (process.platform === "linux") args.push("--sync-method=syncfs");
  try {
    await run(binaries.initdb, args, { ...spawnAs(user), env: { ...process.env, LC_ALL: "C" } });
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw new NtError(
      "STORE",
      `initdb failed for the embedded store ${paths.store}: ${commandOutput(error)}`,
      { cause: error },
    );
  }
  renameSync(tmp, paths.data);
}

async function start(paths: ServerPaths, binaries: PostgresBinaries, user: ServerUser): Promise<void> {
  const args = [
    "start",
    "-D",
    paths.data,
    "-l",
    paths.log,
    "-w",
    "-t",
    "120",
    "-s",
    "-o",
    serverOptions(paths),
  ];
  try {
    await run(binaries.pgCtl, args, { ...spawnAs(user), env: { ...process.env, LC_ALL: "C" } });
  } catch (error) {
    throw new NtError(
      "STORE",
      `the embedded PostgreSQL server in ${paths.data} did not start: ${lastLogLines(paths.log) || commandOutput(error)}`,
      { cause: error },
    );
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(`/${DATABASE_NAME}?`, "/postgres?") });
  await admin.connect();
  try {
    const found = await admin.query("select 1 from pg_database where datname = $1", [DATABASE_NAME]);
    if (found.rowCount === 0) await admin.query(`create database ${DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
}

function spawnAs(user: ServerUser): { uid?: number; gid?: number; cwd: string } {
  // cwd: the server's account may not be able to enter ours.
  return user.switched ? { uid: user.uid, gid: user.gid, cwd: "/" } : { cwd: process.cwd() };
}

function commandOutput(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(error)).split("\n").slice(-3).join(" ");
}

/** The server log's last error lines, for messages. */
export function lastLogLines(log: string, n = 3): string {
  try {
    const lines = readFileSync(log, "utf8").trimEnd().split("\n");
    const errors = lines.filter((l) => /\b(FATAL|PANIC|ERROR):/.test(l));
    return (errors.length > 0 ? errors : lines).slice(-n).join(" | ");
  } catch {
    return "";
  }
}
