import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { NtError } from "@neurotranslator/schema";

/**
 * PGlite runs Postgres inside this process with no shared-memory coordination: two processes (or two
 * PGlite instances in one process) writing the same data directory corrupt it. So an embedded store
 * directory is taken with an exclusive lock file holding the owner's pid and host. A lock whose pid no
 * longer runs on this host is stale (the owner crashed) and is taken over; a lock from another host
 * cannot be checked and is respected.
 */
export interface DirLock {
  readonly path: string;
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  createdAt: string;
}

export const LOCK_FILE_NAME = "store.lock";

/**
 * Takes the lock of store directory `dir` (created if missing); throws NtError CONFLICT if another live
 * owner holds it. `fileName` names another lock in the same directory (the embedded server's start lock).
 */
export function acquireDirLock(dir: string, fileName = LOCK_FILE_NAME): DirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path)) {
      return { path, release: () => rmSync(path, { force: true }) };
    }
    const owner = readOwner(path);
    if (owner === undefined && isFresh(path)) {
      // Unreadable but just created: its owner is still writing it.
      throw new NtError(
        "CONFLICT",
        `store directory ${dir} is being opened by another process (lock file ${path})`,
      );
    }
    if (owner !== undefined && isLive(owner)) {
      throw new NtError(
        "CONFLICT",
        `store directory ${dir} is in use by process ${owner.pid} on ${owner.host} (since ${owner.createdAt}); ` +
          `PGlite allows one process per directory. Close that process, or delete ${path} if it is not running.`,
        { details: { dir, lockFile: path, pid: owner.pid, host: owner.host } },
      );
    }
    // Stale or unreadable (a crash mid-write): remove it and try once more.
    rmSync(path, { force: true });
  }
  throw new NtError(
    "CONFLICT",
    `store directory ${dir}: could not take the lock file ${path} (another process raced for it)`,
  );
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new NtError("STORE", `cannot create lock file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    createdAt: new Date().toISOString(),
  };
  writeSync(fd, JSON.stringify(owner));
  closeSync(fd);
  return true;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    if (typeof parsed.pid !== "number" || typeof parsed.host !== "string") return undefined;
    return {
      pid: parsed.pid,
      host: parsed.host,
      createdAt: String(parsed.createdAt),
    };
  } catch {
    return undefined;
  }
}

function isFresh(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < 5_000;
  } catch {
    return false;
  }
}

function isLive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  return processIsLive(owner.pid);
}

/**
 * Whether process `pid` runs on this host. A zombie (killed, not yet reaped by its parent) counts
 * as dead: it holds nothing any more, and its lock is taken over at once rather than when reaped.
 */
export function processIsLive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; the state letter follows the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (macOS): kill(0) said it exists
  }
}
