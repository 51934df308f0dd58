import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { openStore } from "../store.ts";
import { tinyDataset } from "../../testing/records.ts";
import { findPostgresBinaries } from "./binaries.ts";
import { ensureServer, runningServer } from "./embedded-server.ts";
import { serverStatus, stopServer } from "./server-control.ts";
import { readPostmaster, serverPaths } from "./server-files.ts";

const dirs: string[] = [];
function storeDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nt-embedded-test-"));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) {
    await stopServer(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  for (const dir of dirs) expect(runningServer(dir)).toBeUndefined();
});

const binaries = findPostgresBinaries();

describe.runIf(binaries.ok)("embedded PostgreSQL server", () => {
  it("is the default for a new store directory; later opens join it; stop ends it and the next open restarts it", async () => {
    const dir = storeDir();
    const first = await openStore({ dir });
    expect(first.describe()).toEqual({ kind: "embedded-postgres", location: dir });
    const server = runningServer(dir);
    expect(server).toBeDefined();
    // A second process-level client (here a second store in this process) shares the same server.
    const second = await openStore({ dir });
    const dataset = await first.datasets.create(tinyDataset("shared"));
    expect((await second.datasets.get("shared")).id).toBe(dataset.id);
    const status = await serverStatus(dir);
    expect(status).toMatchObject({ running: true, pid: server!.pid, initialised: true });
    expect(status.connections).toBeGreaterThanOrEqual(2);
    await first.close();
    await second.close();
    expect(runningServer(dir)?.pid).toBe(server!.pid); // outlives its clients
    expect(await stopServer(dir)).toBe(true);
    expect(runningServer(dir)).toBeUndefined();
    expect(existsSync(join(serverPaths(dir).data, "postmaster.pid"))).toBe(false);
    expect(await stopServer(dir)).toBe(false);
    const again = await openStore({ dir });
    expect((await again.datasets.get("shared")).id).toBe(dataset.id);
    await again.close();
  });

  it("starts once when several openers race on a stopped store", async () => {
    const dir = storeDir();
    const handles = await Promise.all([1, 2, 3].map(() => ensureServer(dir)));
    expect(new Set(handles.map((h) => h.pid)).size).toBe(1);
    expect(handles.filter((h) => h.started)).toHaveLength(1);
    expect(handles.filter((h) => h.initialised)).toHaveLength(1);
  });

  it("recovers after its server is SIGKILLed: committed data stays, the next open restarts it", async () => {
    const dir = storeDir();
    const store = await openStore({ dir });
    await store.datasets.create(tinyDataset("kept"));
    const pid = readPostmaster(serverPaths(dir).data)!.pid;
    process.kill(pid, "SIGKILL");
    await store.close().catch(() => undefined);
    for (let i = 0; i < 100 && spawnSync("kill", ["-0", String(pid)]).status === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    const reopened = await openStore({ dir });
    expect((await reopened.datasets.get("kept")).name).toBe("kept");
    expect(runningServer(dir)?.pid).not.toBe(pid);
    await reopened.close();
  });

  it("keeps opening PGlite store directories as PGlite, and refuses to mix engines", async () => {
    const dir = storeDir();
    const pglite = await openStore({ dir, engine: "pglite" });
    await pglite.datasets.create(tinyDataset("old"));
    await pglite.close();
    const reopened = await openStore({ dir }); // auto: the data there decides
    expect(reopened.describe().kind).toBe("pglite");
    expect((await reopened.datasets.get("old")).name).toBe("old");
    await reopened.close();
    await expect(openStore({ dir, engine: "postgres" })).rejects.toThrow(/holds a PGlite database/);
    expect(existsSync(serverPaths(dir).root)).toBe(false);
    const serverDir = storeDir();
    mkdirSync(serverDir, { recursive: true });
    await (await openStore({ dir: serverDir })).close();
    const error = await openStore({ dir: serverDir, engine: "pglite" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NtError);
    expect((error as NtError).message).toMatch(/embedded PostgreSQL server's database/);
  }, 300_000); // PGlite opens take minutes on a loaded 2-core machine
});
