import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadModel } from "./download-model.ts";

// The genuine MobileNet v1 0.25 graph model, read in place from ../shared beside the repo root.
const MOBILENET = fileURLToPath(
  new URL("../../../../../shared/models/mobilenet_v1_025_224_imagenet/", import.meta.url),
);
const MODEL_JSON_SHA256 = "f9d5d3752f20a5d9a115749bdbe7643b38cd57a11d4114f5dd2f4404af9850d8";

let server: Server;
let baseUrl: string;
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).replace(/^\/m\//, "");
    const file = join(MOBILENET, name);
    if (name.includes("..") || !existsSync(file)) return void res.writeHead(404).end();
    const body = readFileSync(file);
    res.writeHead(200, { "content-length": body.byteLength }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/m`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("downloadModel", () => {
  it("downloads model.json and its shards once, with progress, then reuses the folder", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "nt-cache-")), "model");
    const progress: string[] = [];
    await downloadModel(`${baseUrl}/model.json`, {
      dir,
      onProgress: (p) => progress.push(`${p.file}:${p.files?.done}/${p.files?.total}`),
    });
    expect(progress).toContain("model.json:0/1");
    expect(progress).toContain("group1-shard1of1.bin:1/2");
    expect(
      createHash("sha256")
        .update(readFileSync(join(dir, "model.json")))
        .digest("hex"),
    ).toBe(MODEL_JSON_SHA256);
    expect(readFileSync(join(dir, "group1-shard1of1.bin")).byteLength).toBe(1870388);
    const before = requests;
    expect(await downloadModel(`${baseUrl}/model.json`, { dir })).toBe(dir);
    expect(requests).toBe(before);
  });
  it("fails with NETWORK, adds the caller's offline hint and leaves nothing behind", async () => {
    const parent = mkdtempSync(join(tmpdir(), "nt-cache-"));
    const dir = join(parent, "model");
    await expect(
      downloadModel("http://127.0.0.1:9/none/model.json", { dir, offlineHint: "Set THE_MODEL_DIR." }),
    ).rejects.toMatchObject({
      code: "NETWORK",
      message: expect.stringMatching(/127\.0\.0\.1:9.*Set THE_MODEL_DIR\.$/),
    });
    expect(readdirSync(parent)).toEqual([]);
  });
  it("rejects a model.json whose hash differs from the pinned one, keeping nothing", async () => {
    const parent = mkdtempSync(join(tmpdir(), "nt-cache-"));
    await expect(
      downloadModel(`${baseUrl}/model.json`, { dir: join(parent, "model"), modelJsonSha256: "0".repeat(64) }),
    ).rejects.toMatchObject({ code: "FORMAT" });
    expect(readdirSync(parent)).toEqual([]);
  });
  it("downloads from a URL with a query string, and answers a missing model.json with NETWORK (HTTP 404)", async () => {
    const parent = mkdtempSync(join(tmpdir(), "nt-cache-"));
    await expect(downloadModel(`${baseUrl}/model.json?x=1`, { dir: join(parent, "model") })).resolves.toBe(
      join(parent, "model"),
    );
    await expect(
      downloadModel(`${baseUrl}/nothing/model.json`, { dir: join(parent, "other") }),
    ).rejects.toMatchObject({ code: "NETWORK", message: expect.stringContaining("HTTP 404") });
  });
});
