import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { seedStore, type Seeded } from "./test-seed.ts";

let seeded: Seeded;
let app: ReturnType<typeof createApp>;
let webRoot: string;
beforeAll(async () => {
  seeded = await seedStore();
  webRoot = mkdtempSync(join(tmpdir(), "nt-api-web-"));
  mkdirSync(join(webRoot, "assets"));
  writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>viewer</title>");
  writeFileSync(
    join(webRoot, "assets", "index-abc123.js"),
    `console.log(${JSON.stringify("x".repeat(5000))});\n`,
  );
  app = createApp({ store: seeded.store, auth: { readsRequireToken: false }, webRoot });
});
afterAll(async () => seeded?.dispose());

describe("HTTP behaviour", () => {
  it("answers unknown paths with 404 and the JSON error body, not the viewer's page", async () => {
    for (const path of ["/nope", "/runs/x/y/z", "/assets/missing.js", "/index.htm"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({
        error: { code: "NOT_FOUND", message: expect.stringContaining("no route GET") },
      });
    }
    const page = await app.request("/");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>viewer</title>");
    expect(page.headers.get("cache-control")).toBe("no-cache");
  });

  it("refuses query parameters a route does not declare, naming the allowed ones", async () => {
    const res = await app.request("/runs?datset=kay");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("BAD_INPUT");
    expect(body.error.message).toMatch(/unknown query parameter "datset" for GET \/runs; allowed: .*dataset/);
    const run = seeded.runs[0]!;
    expect((await app.request(`/runs/${run.id}?verbose=1`)).status).toBe(400);
    expect((await app.request(`/runs/${run.id.slice(0, 8)}`)).status).toBe(200);
    expect((await app.request("/runs?limit=1")).status).toBe(200);
    expect((await app.request(`/runs/compare?ids=${seeded.runs.map((r) => r.id).join(",")}`)).status).toBe(
      200,
    );
  });

  it("compresses JSON and assets the client accepts, and caches hashed assets for a year", async () => {
    const json = await app.request("/openapi.json", { headers: { "accept-encoding": "gzip" } });
    expect(json.headers.get("content-encoding")).toBe("gzip");
    const spec = JSON.parse(gunzipSync(Buffer.from(await json.arrayBuffer())).toString("utf8")) as {
      openapi: string;
    };
    expect(spec.openapi).toBe("3.1.0");
    const asset = await app.request("/assets/index-abc123.js", { headers: { "accept-encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-encoding")).toBe("gzip");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const plain = await app.request("/openapi.json");
    expect(plain.headers.get("content-encoding")).toBeNull();
  });
});
