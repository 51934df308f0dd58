import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeUnless, postgresSkipNote } from "@neurotranslator/vitest-config/prerequisites";
import { openJobQueue, type JobQueue } from "@neurotranslator/data/jobs";
import { createTestDatabase, type TestDatabase } from "@neurotranslator/data/testing";
import { createApp, type AppOptions } from "./app.ts";
import { LOOPBACK_HOSTS, isLoopbackAddress } from "./loopback.ts";
import { seedStore, type Seeded } from "./test-seed.ts";

// Issue 12, items 4, 5, 6 and 13: requests a hostile but fair client sends.
let seeded: Seeded;
let secret: string;
beforeAll(async () => {
  seeded = await seedStore();
  secret = (await seeded.store.tokens.create("hostile")).secret;
});
afterAll(async () => seeded?.dispose());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field
const json = async (res: Response): Promise<any> => res.json();
const good = { dataset: "kay", features: "mobilenet", solver: "ridge", options: { alpha: 10 }, seed: 1 };
const app = (extra: Partial<AppOptions> = {}) =>
  createApp({ store: seeded.store, auth: { readsRequireToken: false }, ...extra });
const post = (a: ReturnType<typeof createApp>, path: string, body: unknown, auth = `Bearer ${secret}`) =>
  a.request(path, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "Content-Type": "application/json", Authorization: auth },
  });

/** A request body (JSON text: too deep for JSON.stringify in a test worker) whose options nest `depth` levels. */
const nestedBody = (depth: number) =>
  `{"dataset":"kay","features":"mobilenet","solver":"ridge","options":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`;

describe("bad run requests are refused at POST (item 4), with 400 and never a 500 (item 5)", () => {
  it.each([
    [
      "an unknown solver option",
      { options: { bogus: 1 } },
      /ridge: unknown option "bogus"; its options: .*alpha/,
    ],
    ["an unknown solver", { solver: "magic" }, /unknown solver "magic"/],
    ["an invalid option value", { options: { alpha: -1 } }, /ridge: option alpha: alpha must be > 0, got -1/],
    [
      "a NUL in an option value",
      { options: { alpha: 1, note: "a\u0000b" } },
      /json field "options" holds a NUL character/,
    ],
    ["a NUL in an option name", { options: { "\u0000": 1 } }, /json field "options" holds a NUL character/],
    [
      "a NUL in an area",
      { rois: ["V1\u0000"], roiSets: [["V1\u0000"]] },
      /json field "(rois|roiSets)\.0(\.0)?" must not contain control characters/,
    ],
    ["an unpaired surrogate", { options: { alpha: "\ud800" } }, /holds an unpaired UTF-16 surrogate/],
    [
      "options nested 5,000 deep (30 kB)",
      nestedBody(5000),
      /json field "options" is nested deeper than 8 levels/,
    ],
  ])("%s", async (_what, change, message) => {
    for (const path of ["/runs", "/sweeps"]) {
      const { rois, roiSets, ...rest } =
        typeof change === "string" ? {} : (change as { rois?: unknown; roiSets?: unknown });
      const areas =
        path === "/runs" ? (rois === undefined ? {} : { rois }) : roiSets === undefined ? {} : { roiSets };
      const res = await post(
        app(),
        path,
        typeof change === "string" ? change : { ...good, ...rest, ...areas },
      );
      expect(res.status, path).toBe(400);
      const body = await json(res);
      expect(body.error.code).toBe("BAD_INPUT");
      expect(body.error.message).toMatch(message);
    }
  });

  it("GET /runs with NUL or control characters in the area or layer filter answers 400", async () => {
    for (const q of ["roi=%00", "layer=%00", "roi=V1%1b%5b2J", "layer=a%0d%0aSet-Cookie:x"]) {
      const res = await app().request(`/runs?${q}`);
      expect(res.status, q).toBe(400);
      expect((await json(res)).error.code, q).toBe("BAD_INPUT");
    }
  });
});

describe("500s are logged once with a request id the response carries (item 5)", () => {
  it("a failing store gives 500 INTERNAL with the id in the header, the body and the one log line", async () => {
    const lines: string[] = [];
    const broken = {
      ...seeded.store,
      runs: {
        ...seeded.store.runs,
        list: () => Promise.reject(new TypeError("boom at /srv/secret/x.ts:12")),
      },
    };
    const a = createApp({
      store: broken,
      auth: { readsRequireToken: false },
      log: (line) => lines.push(line),
    });
    const res = await a.request("/runs?roi=V1");
    expect(res.status).toBe(500);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const body = await json(res);
    expect(body).toEqual({
      error: {
        code: "INTERNAL",
        message: `internal error; the server's log names request ${id}`,
        requestId: id,
      },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`error 500 request ${id} GET /runs: TypeError: boom at /srv/secret/x.ts:12$`),
    );
    // ordinary answers carry an id too, and log nothing
    const ok = await a.request("/health");
    expect(ok.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toHaveLength(1);
  });
});

describe("Host names on loopback binds (item 6, DNS rebinding)", () => {
  const local = () => app({ allowedHosts: LOOPBACK_HOSTS });
  it("answers 403 to a foreign Host and 200 to loopback names with any port", async () => {
    const evil = await local().request("/runs", { headers: { Host: "evil.example" } });
    expect(evil.status).toBe(403);
    expect((await json(evil)).error).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining('Host "evil.example" is not allowed'),
    });
    expect((await local().request("/health", { headers: { Host: "evil.example:8080" } })).status).toBe(403);
    for (const host of ["localhost:8080", "127.0.0.1", "[::1]:8080", "LOCALHOST.", "127.0.0.1:1"]) {
      expect((await local().request("/runs", { headers: { Host: host } })).status, host).toBe(200);
    }
  });

  it("knows loopback addresses from the others", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"])
      expect(isLoopbackAddress(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "192.168.1.2", "10.0.0.1", "example.org"])
      expect(isLoopbackAddress(h), h).toBe(false);
  });
});

describe("tokens (item 13)", () => {
  it("accepts the bearer scheme in any case (RFC 7235)", async () => {
    for (const scheme of ["bearer", "BEARER", "Bearer"]) {
      const res = await post(app(), "/runs", good, `${scheme} ${secret}`);
      expect(res.status, scheme).toBe(503); // authenticated; a PGlite store has no queue
    }
    expect((await post(app(), "/runs", good, `Basic ${secret}`)).status).toBe(401);
  });
});

describeUnless(postgresSkipNote(), "queued jobs through the API (items 4, 13)", () => {
  let database: TestDatabase;
  let queue: JobQueue;
  beforeAll(async () => {
    database = (await createTestDatabase())!;
    queue = await openJobQueue(database.url, { pollingIntervalSeconds: 0.5, retryDelaySeconds: 0 });
  });
  afterAll(async () => {
    await queue?.stop({ graceful: false });
    await database?.drop();
  });

  it("refuses unknown layers and areas with 404 before queueing; records the queuing token", async () => {
    const a = app({ jobs: queue });
    expect((await post(a, "/runs", { ...good, layer: "nope" })).status).toBe(404);
    expect((await json(await post(a, "/runs", { ...good, rois: ["V9"] }))).error.message).toMatch(
      /has no visual area "V9"; its areas: V1, V2/,
    );
    expect((await post(a, "/sweeps", { ...good, layers: ["late", "nope"] })).status).toBe(404);
    const res = await post(a, "/runs", { ...good, layer: "late", rois: ["V2"] });
    expect(res.status).toBe(202);
    const { jobId } = await json(res);
    const status = await json(await a.request(`/jobs/${jobId}`));
    expect(status.queuedBy).toEqual({ tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/), name: "hostile" });
  });

  it("an unknown layer, area or dataset is refused by the run planner with 404 (as before) before queueing", async () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, RegExp]> = [
      [
        "an unknown layer",
        { layer: "nope" },
        { layers: ["late", "nope"] },
        /feature set "mobilenet" has no layer "nope"; its layers: early, late/,
      ],
      [
        "an unknown area",
        { rois: ["V9"] },
        { roiSets: [["V1"], ["V9"]] },
        /dataset "kay" has no visual area "V9"; its areas: V1, V2/,
      ],
      ["an unknown dataset", { dataset: "nope" }, { dataset: "nope" }, /dataset "nope"/],
    ];
    for (const [what, run, sweep, message] of cases) {
      for (const [path, change] of [
        ["/runs", run],
        ["/sweeps", sweep],
      ] as const) {
        const res = await post(app({ jobs: queue }), path, { ...good, ...change });
        expect(res.status, `${what} ${path}`).toBe(404);
        const body = await json(res);
        expect(body.error.code, `${what} ${path}`).toBe("NOT_FOUND");
        expect(body.error.message, `${what} ${path}`).toMatch(message);
        expect(body.error.message, `${what} ${path}`).not.toContain("\n");
      }
    }
  });

  it("GET /jobs/{id} of a failed job shows code and message, never a stack or a path", async () => {
    const a = app({ jobs: queue });
    const { jobId } = await json(await post(a, "/runs", good));
    await queue.work(async () => {
      throw new Error(`cannot open ${process.cwd()}/secret.bin`);
    });
    let status = await json(await a.request(`/jobs/${jobId}`));
    for (let i = 0; i < 200 && status.state !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await json(await a.request(`/jobs/${jobId}`));
    }
    expect(status.state).toBe("failed");
    expect(status.output).toEqual({
      error: { code: "INTERNAL", message: "internal error in the worker (its log has the details)" },
    });
    expect(JSON.stringify(status)).not.toMatch(/stack|\.ts:\d|secret\.bin|\/home\/|\/work\//);
  }, 60_000);
});
