import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeUnless } from "@neurotranslator/vitest-config/prerequisites";
import { parseJson, runCli, tempDir } from "../testing/run-cli.ts";
import { datasetImportScenario, writeKayArchive } from "./import-scenario.ts";
import { mountTinyFs, type TinyFs } from "./tiny-fs.ts";

// A full disk and a read-only store directory, made real with a small tmpfs: a clear one-line error,
// and the store already there stays intact (its dataset reads back with the right hash).
const mounted = mountTinyFs(48); // an empty PGlite store takes ~39 MB
const skip = typeof mounted === "string" ? mounted : undefined;
const files = tempDir("nt-disk-");
const small = join(files, "small.npz");
const large = join(files, "large.npz");

// Without root and tmpfs the suite shows as one skipped test carrying the reason.
describeUnless(skip, "store on a small or read-only disk", () => {
  const fs = mounted as TinyFs;
  const store = join(fs.dir, "store");
  // PGlite, named: these guarantees and messages are PGlite's (the default store's server is not yet covered here).
  const env = { NEUROTRANSLATOR_STORE: store, NEUROTRANSLATOR_STORE_ENGINE: "pglite" };
  beforeAll(async () => {
    writeKayArchive(small, 20, 16, 50);
    writeKayArchive(large, 400, 96, 4000); // ~21 MB of arrays: cannot fit in what is left
    parseJson(await runCli(["dataset", "import", small, "--name", "small", "--json"], env));
  });
  afterAll(() => fs.dispose());

  const intact = async () => {
    const scenario = await datasetImportScenario(small, "small", { dir: store, engine: "pglite" }, env);
    // verify() throws on a partial or corrupt store; "complete" means the dataset reads back exactly.
    expect(await scenario.verify()).toBe("complete");
  };

  it("disk full: the import fails with a clear error, nothing of it is kept, the store works once space is freed", async () => {
    const result = await runCli(["dataset", "import", large, "--name", "large"], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: storing dataset "large" failed: .*No space left on device/);
    // While the disk is still full, PostgreSQL cannot start its recovery: one line naming the store
    // and ENOSPC, and the process exits (it used to hang on a timer PGlite left armed).
    const started = performance.now();
    const full = await runCli(["dataset", "list", "--json"], env);
    expect(full.code).toBe(1);
    expect(full.stderr.trim().split("\n")).toHaveLength(1);
    expect(full.stderr).toContain(`error: cannot open the embedded store in ${store}`);
    expect(full.stderr).toMatch(
      /No space left on device.*ENOSPC: the file system holding .* has \d+ kB free/,
    );
    expect(performance.now() - started).toBeLessThan(30_000);
    fs.resize(64);
    const list = parseJson<{ datasets: { name: string }[] }>(
      await runCli(["dataset", "list", "--json"], env),
    );
    expect(list.datasets.map((d) => d.name)).toEqual(["small"]);
    await intact();
  }, 120_000);

  it("read-only store directory: commands fail with a clear error, the store is unchanged afterwards", async () => {
    fs.resize(64);
    fs.readOnly(true);
    try {
      const listed = await runCli(["dataset", "list", "--json"], env);
      expect(listed.code).toBe(1);
      expect(listed.stderr).toMatch(/^error: .*(read-only file system|EROFS)/i);
      const imported = await runCli(["dataset", "import", small, "--name", "again"], env);
      expect(imported.code).toBe(1);
      expect(imported.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      fs.readOnly(false);
    }
    await intact();
  }, 120_000);
});
