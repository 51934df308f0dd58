import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/run-cli.ts";

// Errors a new user meets first: each names what is wrong and what exists, on one stderr line.
describe("first-contact error messages", () => {
  const env = { NEUROTRANSLATOR_STORE: join(tempDir(), "store"), NEUROTRANSLATOR_STORE_ENGINE: "pglite" };

  it("an unknown dataset says which datasets the store holds", async () => {
    const r = await runCli(["dataset", "show", "nosuch"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: dataset "nosuch" does not exist; the store holds no datasets yet (dataset import, fetch or simulate adds one)\n',
    );
  }, 60_000);

  it("features import of a missing file says so before checking the key flags", async () => {
    const r = await runCli(["features", "import", "missing.npz", "--dataset", "d", "--name", "x"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: \S*missing\.npz: no such feature file\n$/);
  }, 60_000);

  it("runs compare needs two or more ids", async () => {
    const r = await runCli(["runs", "compare", "abcd1234"], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/runs compare needs at least two run ids \(got 1\)/);
  }, 60_000);
});
