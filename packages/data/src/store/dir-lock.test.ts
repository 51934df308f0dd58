import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { LOCK_FILE_NAME, acquireDirLock, processIsLive } from "./dir-lock.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nt-lock-test-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("acquireDirLock", () => {
  it("refuses a second holder while the first lives, and frees the directory on release", () => {
    const dir = tempDir();
    const lock = acquireDirLock(dir);
    expect(() => acquireDirLock(dir)).toThrow(NtError);
    expect(() => acquireDirLock(dir)).toThrow(new RegExp(`in use by process ${process.pid}`));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    acquireDirLock(dir).release();
  });

  it("takes over a stale lock whose process has exited", () => {
    const dir = tempDir();
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid; // has exited when spawnSync returns
    const stale = {
      pid: deadPid,
      host: hostname(),
      createdAt: "2020-01-01T00:00:00.000Z",
    };
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify(stale));
    expect(processIsLive(deadPid!)).toBe(false);
    const lock = acquireDirLock(dir);
    // The lock is now ours: the file names this process, and a second taker is refused.
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), "utf8"))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    expect(() => acquireDirLock(dir)).toThrow(new RegExp(`in use by process ${process.pid}`));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it("takes over at once the lock of a zombie (killed, not yet reaped by its parent)", async () => {
    const dir = tempDir();
    // A parent that forks a child which exits at once, and never reaps it: the child stays a zombie.
    const parent = spawn("python3", [
      "-c",
      "import os, time\npid = os.fork()\nif pid == 0: os._exit(0)\nprint(pid, flush=True)\ntime.sleep(30)",
    ]);
    try {
      const zombie = Number(
        await new Promise<string>((done) => parent.stdout.once("data", (b: Buffer) => done(b.toString()))),
      );
      await new Promise((r) => setTimeout(r, 100));
      expect(() => process.kill(zombie, 0)).not.toThrow(); // the pid still exists...
      expect(processIsLive(zombie)).toBe(false); // ...but as a zombie it holds nothing
      writeFileSync(
        join(dir, LOCK_FILE_NAME),
        JSON.stringify({ pid: zombie, host: hostname(), createdAt: "2020-01-01T00:00:00.000Z" }),
      );
      acquireDirLock(dir).release();
    } finally {
      parent.kill("SIGKILL");
    }
  });

  it("respects a lock held on another host, which it cannot check", () => {
    const dir = tempDir();
    const remote = {
      pid: 1,
      host: `${hostname()}-elsewhere`,
      createdAt: "2020-01-01T00:00:00.000Z",
    };
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify(remote));
    expect(() => acquireDirLock(dir)).toThrow(/in use by process 1 on .*-elsewhere/);
  });
});
