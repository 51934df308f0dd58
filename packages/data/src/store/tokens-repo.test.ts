import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOKEN_SECRET_PREFIX } from "@neurotranslator/schema";
import type { Store } from "./store.ts";
import { pgliteBackend, type TestBackend } from "./test-backends.ts";
import { tinyRun } from "../testing/records.ts";
import { storeTinyFeatureSet } from "../testing/tiny-store.ts";

let backend: TestBackend;
let store: Store;
beforeAll(async () => {
  backend = pgliteBackend();
  store = await backend.open();
});
afterAll(async () => {
  await store.close();
  await backend.dispose();
});

describe("api tokens", () => {
  it("creates a secret shown once, stores only its hash, verifies and revokes it", async () => {
    const { token, secret } = await store.tokens.create("ci");
    expect(secret.startsWith(TOKEN_SECRET_PREFIX)).toBe(true);
    expect(secret.length).toBe(TOKEN_SECRET_PREFIX.length + 43);
    expect(token).not.toHaveProperty("secretHash");
    expect(JSON.stringify(await store.tokens.list())).not.toContain(secret.slice(3));
    const verified = await store.tokens.verify(secret);
    expect(verified?.id).toBe(token.id);
    expect(verified?.lastUsedAt).toBeInstanceOf(Date);
    expect(await store.tokens.verify(`${secret}x`)).toBeUndefined();
    expect(await store.tokens.verify("nt_wrong")).toBeUndefined();
    expect(await store.tokens.verify("")).toBeUndefined();
    const revoked = await store.tokens.revoke("ci");
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await store.tokens.verify(secret)).toBeUndefined();
    // by id too, and revoking again keeps the first time
    expect((await store.tokens.revoke(token.id)).revokedAt).toEqual(revoked.revokedAt);
  });

  it("rejects taken and malformed names, and unknown tokens on revoke", async () => {
    await store.tokens.create("dup");
    await expect(store.tokens.create("dup")).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(store.tokens.create("../x")).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
    await expect(store.tokens.revoke("nope")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("runs stored by a queue job", () => {
  it("store once per job id: a retried job gets the first run back", async () => {
    const { dataset, featureSet: fs } = await storeTinyFeatureSet(store, "jobs");
    const run = tinyRun(dataset.id, dataset.contentHash, fs.id, "late");
    const first = await store.runs.create({ run, jobId: "job-1" });
    const again = await store.runs.create({ run, jobId: "job-1" });
    expect(again.id).toBe(first.id);
    expect(first.jobId).toBe("job-1");
    expect((await store.runs.findByJob("job-1"))?.id).toBe(first.id);
    expect(await store.runs.findByJob("job-2")).toBeUndefined();
    const plain = await store.runs.create({ run });
    expect(plain.jobId).toBeNull();
    expect(await store.runs.list({ datasetId: dataset.id })).toHaveLength(2);
    expect(await store.runs.list({ roi: "V1", limit: 1 })).toHaveLength(1);
    expect(await store.runs.list({ roi: "V2" })).toHaveLength(0);
    expect(await store.runs.list({ solver: "ridge", layer: "late", offset: 1 })).toHaveLength(1);
  });
});
