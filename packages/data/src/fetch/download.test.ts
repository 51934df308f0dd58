import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import { downloadFile } from "./download.ts";

const body = randomBytes(300_000);
const sha = createHash("sha256").update(body).digest("hex");
let server: Server;
let base: string;
let cutNext = false;
const rangesSeen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/missing") return void res.writeHead(404).end();
    if (req.url === "/redirect") return void res.writeHead(302, { location: "/file" }).end();
    const range = /bytes=(\d+)-/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    rangesSeen.push(req.headers.range ?? "none");
    const slice = body.subarray(start);
    res.writeHead(range ? 206 : 200, {
      "content-length": slice.length,
      ...(range ? { "content-range": `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (cutNext) {
      cutNext = false;
      res.write(slice.subarray(0, 100_000), () => res.destroy());
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("downloadFile", () => {
  it("downloads, follows redirects and verifies the checksum", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nt-dl-"));
    const seen: number[] = [];
    const result = await downloadFile(`${base}/redirect`, join(dir, "a.bin"), {
      expectedSha256: sha,
      onProgress: (e) => {
        expect(e).toMatchObject({ stage: "download", file: "a.bin", unit: "bytes" });
        seen.push(e.done);
      },
    });
    expect(result).toMatchObject({ bytes: body.length, sha256: sha, resumed: false, skipped: false });
    expect(Buffer.compare(await readFile(join(dir, "a.bin")), body)).toBe(0);
    expect(seen.at(-1)).toBe(body.length);
    const again = await downloadFile(`${base}/file`, join(dir, "a.bin"), { expectedSha256: sha });
    expect(again.skipped).toBe(true);
  });

  it("resumes an interrupted download with a Range request", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nt-dl-"));
    const dest = join(dir, "b.bin");
    cutNext = true;
    await expect(downloadFile(`${base}/file`, dest)).rejects.toThrow(/run the command again to resume/);
    const partial = (await stat(`${dest}.part`)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(body.length);
    rangesSeen.length = 0;
    const result = await downloadFile(`${base}/file`, dest, { expectedSha256: sha });
    expect(rangesSeen).toEqual([`bytes=${partial}-`]);
    expect(result.resumed).toBe(true);
    expect(Buffer.compare(await readFile(dest), body)).toBe(0);
  });

  it("refuses a checksum mismatch and removes the bad file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nt-dl-"));
    const dest = join(dir, "c.bin");
    await expect(downloadFile(`${base}/file`, dest, { expectedSha256: "0".repeat(64) })).rejects.toThrow(
      /checksum mismatch/,
    );
    await expect(stat(`${dest}.part`)).rejects.toThrow();
    await expect(stat(dest)).rejects.toThrow();
  });

  it("names the URL and status on HTTP errors, and says offline when the host is unreachable", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nt-dl-"));
    await expect(downloadFile(`${base}/missing`, join(dir, "d.bin"))).rejects.toThrow(/\/missing: HTTP 404/);
    const error = await downloadFile("http://127.0.0.1:1/nothing", join(dir, "e.bin")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NtError);
    expect((error as NtError).code).toBe("NETWORK");
    expect((error as NtError).message).toMatch(/127\.0\.0\.1:1\/nothing.*offline/);
  });

  it("replaces a complete file whose checksum no longer matches", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nt-dl-"));
    const dest = join(dir, "f.bin");
    await writeFile(dest, "stale");
    const result = await downloadFile(`${base}/file`, dest, { expectedSha256: sha });
    expect(result.skipped).toBe(false);
    expect(result.sha256).toBe(sha);
  });
});
