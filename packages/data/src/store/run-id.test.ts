import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { ambiguousPrefix } from "./run-id.ts";
import type { Store } from "./store.ts";
import { pgliteBackend, type TestBackend } from "./test-backends.ts";
import { tinyRun } from "../testing/records.ts";
import { storeTinyFeatureSet } from "../testing/tiny-store.ts";

describe("run ids: full, unique prefix, refused", () => {
  let backend: TestBackend;
  let store: Store;
  const ids: string[] = [];
  beforeAll(async () => {
    backend = pgliteBackend();
    store = await backend.open();
    const { dataset, featureSet: fs } = await storeTinyFeatureSet(store, "ids");
    const run = () => ({
      run: tinyRun(dataset.id, dataset.contentHash, fs.id, "late"),
      images: [],
      arrays: {},
      mapCells: [],
    });
    for (let i = 0; i < 2; i++) ids.push((await store.runs.create(run())).id);
  });
  afterAll(async () => {
    await store?.close();
    await backend?.dispose();
  });

  it("finds a run by its whole id, by the 8 characters runs list prints, and by 4", async () => {
    const [id] = ids as [string];
    expect((await store.runs.get(id)).id).toBe(id);
    expect((await store.runs.get(id.slice(0, 8))).id).toBe(id);
    expect((await store.runs.get(id.slice(0, 4).toUpperCase())).id).toBe(id);
  });

  it("refuses what is not a UUID prefix without querying, and names a prefix no run has", async () => {
    for (const bad of ["abc", "xyz12345", "1234'; drop table runs; --", "%", "12345678-12-"])
      await expect(store.runs.get(bad)).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: expect.stringMatching(/does not exist \(a run id is a UUID or a unique prefix/),
      });
    const unused = ids.every((id) => !id.startsWith("0000")) ? "0000" : "ffff";
    await expect(store.runs.get(unused)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: `no run id starts with "${unused}"`,
    });
    await expect(store.runs.remove("nope")).rejects.toBeInstanceOf(NtError);
    expect((await store.runs.list()).length).toBe(2);
  });

  it("lists the candidates of an ambiguous prefix", () => {
    const at = new Date("2026-01-02T03:04:05Z");
    const error = ambiguousPrefix('"ab12"', "ab12", [
      { id: "ab12cd34-0000-4000-8000-000000000001", layer: "late", solver: "ridge", createdAt: at },
      { id: "ab12ef56-0000-4000-8000-000000000002", layer: "early", solver: "ols", createdAt: at },
    ]);
    expect(error.code).toBe("BAD_INPUT");
    expect(error.message).toBe(
      'run id prefix "ab12" is ambiguous: it matches 2 runs: ab12cd34 (late, ridge, 2026-01-02 03:04:05); ab12ef56 (early, ols, 2026-01-02 03:04:05); give more characters',
    );
  });
});
