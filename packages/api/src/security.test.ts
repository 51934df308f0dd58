import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeUnless, postgresSkipNote } from "@neurotranslator/vitest-config/prerequisites";
import { openJobQueue, type JobQueue } from "@neurotranslator/data/jobs";
import { shareProgress } from "@neurotranslator/schema";
import { createApp } from "./app.ts";
import { seedStore, type Seeded } from "./test-seed.ts";
import { createTestDatabase, type TestDatabase } from "@neurotranslator/data/testing";

let seeded: Seeded;
let secret: string;
beforeAll(async () => {
  seeded = await seedStore();
  secret = (await seeded.store.tokens.create("tests")).secret;
});
afterAll(async () => seeded?.dispose());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field
const json = async (res: Response): Promise<any> => res.json();
const runRequest = {
  dataset: "kay",
  features: "mobilenet",
  solver: "ridge",
  options: { alpha: 10 },
  seed: 1,
};
const post = (app: ReturnType<typeof createApp>, path: string, body: unknown, token?: string) =>
  app.request(path, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: {
      "Content-Type": "application/json",
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    },
  });

describe("tokens", () => {
  it("writes need a live token: missing, wrong, malformed or revoked answer 401", async () => {
    const app = createApp({
      store: seeded.store,
      auth: { readsRequireToken: false },
    });
    for (const token of [undefined, "nt_wrong", "not a token", `${secret}x`]) {
      const res = await post(app, "/runs", runRequest, token);
      expect(res.status, String(token)).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect((await json(res)).error.code).toBe("UNAUTHORIZED");
    }
    // a valid token passes auth; without a queue (PGlite) the answer is 503 with a PostgreSQL hint
    const ok = await post(app, "/runs", runRequest, secret);
    expect(ok.status).toBe(503);
    expect((await json(ok)).error).toMatchObject({
      code: "UNAVAILABLE",
      message: expect.stringContaining("DATABASE_URL"),
    });
    const { secret: doomed } = await seeded.store.tokens.create("doomed");
    expect((await post(app, "/sweeps", { ...runRequest }, doomed)).status).toBe(503);
    await seeded.store.tokens.revoke("doomed");
    expect((await post(app, "/sweeps", { ...runRequest }, doomed)).status).toBe(401);
  });

  it("reads are open by default and 401 without a token when configured; health and docs stay open", async () => {
    const open = createApp({
      store: seeded.store,
      auth: { readsRequireToken: false },
    });
    expect((await open.request("/runs")).status).toBe(200);
    const closed = createApp({
      store: seeded.store,
      auth: { readsRequireToken: true },
    });
    expect((await closed.request("/runs")).status).toBe(401);
    expect((await closed.request("/datasets/kay/stimuli/train/0.png")).status).toBe(401);
    expect(
      (
        await closed.request("/runs", {
          headers: { Authorization: `Bearer ${secret}` },
        })
      ).status,
    ).toBe(200);
    for (const path of ["/health", "/openapi.json", "/docs"])
      expect((await closed.request(path)).status, path).toBe(200);
  });
});

describe("hostile input", () => {
  const app = () =>
    createApp({
      store: seeded.store,
      auth: { readsRequireToken: false },
      bodyLimitBytes: 1024,
    });

  it("path traversal in every name and index parameter never reaches a file", async () => {
    const attacks = [
      "..%2F..%2Fetc%2Fpasswd",
      "..",
      "%2e%2e",
      "....%2F%2F",
      "%2Fetc%2Fpasswd",
      "..%5C..%5Cwindows",
      "kay%00.png",
    ];
    const templates = [
      (a: string) => `/datasets/${a}`,
      (a: string) => `/datasets/${a}/feature-sets`,
      (a: string) => `/datasets/kay/feature-sets/${a}`,
      (a: string) => `/datasets/${a}/stimuli/test/0.png`,
      (a: string) => `/datasets/kay/stimuli/${a}/0.png`,
      (a: string) => `/datasets/kay/stimuli/test/${a}`,
      (a: string) => `/runs/${a}`,
      (a: string) => `/runs/${a}/predictions?format=npy`,
      (a: string) => `/jobs/${a}`,
      (a: string) => `/docs/${a}`,
    ];
    for (const t of templates) {
      for (const a of attacks) {
        const res = await app().request(t(a));
        expect([400, 404], t(a)).toContain(res.status);
        const text = await res.text();
        expect(text).not.toContain("root:");
        expect(JSON.parse(text).error.code).toMatch(/BAD_INPUT|NOT_FOUND/);
      }
    }
  });

  it("SQL meta-characters in filters are only values", async () => {
    for (const q of [
      "roi=V1'%3B%20drop%20table%20runs%3B--",
      "layer=late'%20or%20'1'%3D'1",
      "roi=%25",
      "layer=%5C",
    ]) {
      const res = await app().request(`/runs?${q}`);
      expect(res.status, q).toBe(200);
      expect((await json(res)).items, q).toEqual([]);
    }
    expect((await json(await app().request("/runs"))).items).toHaveLength(2);
  });

  it("oversized and malformed bodies", async () => {
    const big = { ...runRequest, options: { pad: "x".repeat(2000) } };
    const res = await post(app(), "/runs", big, secret);
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe("LIMIT");
    expect((await post(app(), "/runs", "{not json", secret)).status).toBe(400);
    const bad = await post(app(), "/runs", { ...runRequest, solver: "Ridge!" }, secret);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toContain('"solver"');
    expect((await post(app(), "/runs", { ...runRequest, extra: 1 }, secret)).status).toBe(400);
  });

  it("unknown routes, secure headers, configurable CORS", async () => {
    const res = await app().request("/nope");
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({
      error: { code: "NOT_FOUND", message: "no route GET /nope" },
    });
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    const withCors = createApp({
      store: seeded.store,
      auth: { readsRequireToken: false },
      cors: { origins: ["http://viewer.example"] },
    });
    const allowed = await withCors.request("/runs", {
      headers: { Origin: "http://viewer.example" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://viewer.example");
    const other = await withCors.request("/runs", {
      headers: { Origin: "http://evil.example" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describeUnless(postgresSkipNote(), "jobs through the API (PostgreSQL queue)", () => {
  let database: TestDatabase;
  let queue: JobQueue;
  beforeAll(async () => {
    database = (await createTestDatabase())!;
    queue = await openJobQueue(database.url, { pollingIntervalSeconds: 0.5 });
  });
  afterAll(async () => {
    await queue?.stop({ graceful: false });
    await database?.drop();
  });

  it("POST /runs queues a job that GET /jobs/{id} reports until a worker completes it", async () => {
    const app = createApp({
      store: seeded.store,
      auth: { readsRequireToken: false },
      jobs: queue,
    });
    expect((await post(app, "/runs", { ...runRequest, dataset: "nope" }, secret)).status).toBe(404);
    const res = await post(app, "/runs", runRequest, secret);
    expect(res.status).toBe(202);
    const { jobId } = await json(res);
    expect(res.headers.get("location")).toBe(`/jobs/${jobId}`);
    const queued = await json(await app.request(`/jobs/${jobId}`));
    expect(queued).toMatchObject({
      id: jobId,
      kind: "run",
      state: "created",
      request: runRequest,
      progress: null,
    });
    await queue.work(async (job) => {
      await job.reportProgress(shareProgress("done", 1));
      return { runId: seeded.runs[0]!.id };
    });
    let status = queued;
    for (let i = 0; i < 100 && status.state !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await json(await app.request(`/jobs/${jobId}`));
    }
    expect(status).toMatchObject({
      state: "completed",
      output: { runId: seeded.runs[0]!.id },
      progress: { fraction: 1, message: "done" },
    });
    expect((await app.request("/jobs/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const sweep = await post(
      app,
      "/sweeps",
      {
        dataset: "kay",
        features: "mobilenet",
        solver: "ridge",
        layers: ["late"],
      },
      secret,
    );
    expect(sweep.status).toBe(202);
  });
});

describe("database down", () => {
  it("answers 503 with the one error body", async () => {
    const gone = await seedStore();
    const app = createApp({
      store: gone.store,
      auth: { readsRequireToken: false },
    });
    await gone.store.close();
    for (const path of ["/health", "/runs", "/datasets/kay"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(503);
      expect((await json(res)).error.code).toBe("UNAVAILABLE");
    }
    await gone.dispose();
  });
});
