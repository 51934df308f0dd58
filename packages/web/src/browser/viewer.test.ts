// The viewer in a real browser: build it with Vite (or take a fresh dist/), serve it and the API from one process over a
// seeded PGlite store, drive Debian's Chromium at 1366x768, check what the pages show, take
// screenshots (into NT_TEST_SCREENSHOTS when set, else a temp dir) and check they are not blank.
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "@neurotranslator/api";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtViewer } from "./built-viewer.ts";
import { launchChromium, type Browser } from "./chromium.ts";
import { assertNotBlank } from "./png-check.ts";
import { AREAS, LAYERS, N_TEST, NOUNS, seedViewerStore, type SeededViewerStore } from "./seed-store.ts";

let seeded: SeededViewerStore;
let server: ServerType;
let browser: Browser;
let base: string;
let webRoot: { root: string; temporary: boolean } | undefined;
let shots: string;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  shots = process.env["NT_TEST_SCREENSHOTS"] ?? mkdtempSync(join(tmpdir(), "nt-web-shots-"));
  mkdirSync(shots, { recursive: true });
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  const viewer = builtViewer().then((v) => (console.log(`viewer test: ${v.fresh ? "viewer built" : "using the fresh dist/"} after ${since()}`), v));
  [seeded, webRoot] = await Promise.all([seedViewerStore().then((s) => (console.log(`viewer test: store seeded after ${since()}`), s)), viewer]);
  server = serve({ fetch: createApp({ store: seeded.store, auth: { readsRequireToken: false }, webRoot: webRoot.root }).fetch, hostname: "127.0.0.1", port: 0 });
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  console.log(`viewer test: Chromium up after ${since()}; screenshots in ${shots}`);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  await seeded?.dispose();
  if (webRoot?.temporary) rmSync(webRoot.root, { recursive: true, force: true });
});

async function screenshot(name: string): Promise<void> {
  const bytes = await page.screenshot();
  writeFileSync(join(shots, `${name}.png`), bytes);
  const stats = assertNotBlank(new Uint8Array(bytes), name);
  expect([stats.width, stats.height]).toEqual([1366, 768]);
}

describe("results viewer in Chromium", () => {
  it("runs table: lists the runs, filters, sorts and selects by keyboard", async () => {
    await page.goto(`${base}/#/runs`);
    const rows = page.locator(".runs-table tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    await screenshot("1-runs-table");

    await page.getByLabel("Filter").fill("block2");
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel("Filter").fill("");
    await page.getByRole("button", { name: "Per-image r" }).click();
    expect(await rows.first().getAttribute("aria-label")).toContain("ridge, vgg16/fc7, all areas");
    await page.getByRole("button", { name: "Per-image r" }).press("Enter");
    expect(await rows.first().getAttribute("aria-label")).toContain("ols, vgg16/fc7");

    // Keyboard: Space on a focused row selects it; two selected enable Compare.
    const compare = page.getByRole("button", { name: /^Compare/ });
    expect(await compare.isDisabled()).toBe(true);
    await rows.nth(0).focus();
    await page.keyboard.press(" ");
    await rows.nth(1).focus();
    await page.keyboard.press(" ");
    expect(await rows.nth(1).getAttribute("aria-selected")).toBe("true");
    expect(await compare.textContent()).toBe("Compare 2 selected");
    expect(await compare.isDisabled()).toBe(false);
  });

  it("run page: metrics against nulls, the area x layer heatmap, image cards and feature histograms", async () => {
    const run = seeded.runs[2]!;
    await page.goto(`${base}/#/runs`);
    const row = page.locator(".runs-table tbody tr", { hasText: run.id.slice(0, 8) });
    await row.focus();
    const t0 = Date.now();
    await page.keyboard.press("Enter");
    await page.locator(".heatmap-table td").first().waitFor();
    await page.locator(".image-card").first().waitFor();
    console.log(`viewer test: run page (${N_TEST} images x 4096 features) showed heatmap and cards ${Date.now() - t0} ms after Enter`);
    expect(page.url()).toContain(`#/runs/${run.id}`);

    expect(await page.locator(".metrics-table tbody tr").count()).toBe(10);
    // The run kept its null samples: each metric's null is a histogram (bars), not the summary band.
    await expect.poll(() => page.locator("svg.null-chart.null-hist").count()).toBe(10);
    expect(await page.locator("svg.null-chart .null-band").count()).toBe(0);
    expect(await page.locator("svg.null-chart.null-hist").first().locator(".null-bar").count()).toBeGreaterThan(10);
    expect(await page.locator("svg.null-chart").first().getAttribute("aria-label")).toMatch(/histogram of 1000 permutation-null samples/);
    await screenshot("2-run-metrics");

    const cells = page.locator(".heatmap-table tbody td");
    expect(await cells.count()).toBe((AREAS.length + 1) * LAYERS.length);
    expect(await page.locator(".heatmap-table tbody th").allTextContents()).toEqual([...AREAS.map((a) => a.name), "all"]);
    expect(await cells.first().getAttribute("aria-label")).toMatch(/^V1 x vgg16\/block2_pool: Per-feature r 0\.\d{3} 95% CI \[.*uncorrected, FWE-corrected p/);
    // Stars and p_FWE from the corrected p; the legend says so; the best layer per area below, or "not distinguishable".
    expect(await page.locator(".heatmap-table caption").textContent()).toMatch(/★ p < 0\.05, FWE-corrected \(max-statistic over the 24 cells/);
    expect(await page.locator(".cell-star").count()).toBeGreaterThan(0);
    expect(await page.locator(".heatmap-table .cell-p").first().textContent()).toMatch(/^p_FWE/);
    expect(await page.locator(".best-layers li", { hasText: "V3A" }).textContent()).toMatch(/not distinguishable/);
    expect(await page.locator(".best-layers li", { hasText: "V1" }).first().textContent()).toMatch(/V1: vgg16\/block2_pool, \+0\.\d{3}/);
    // Per-feature r leads the metrics table; the training-mean baseline sits beside every metric.
    expect(await page.locator(".metrics-table tbody th").first().textContent()).toMatch(/^Per-feature r/);
    expect(await page.locator(".metrics-table thead th", { hasText: "Training-mean baseline" }).count()).toBe(1);
    await page.locator("#map").scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById("map")?.scrollIntoView());
    await screenshot("3-run-heatmap");

    await page.evaluate(() => document.getElementById("images")?.scrollIntoView());
    expect(await page.locator(".image-card").count()).toBe(24);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>(".image-card img")].slice(0, 4).every((i) => i.complete && i.naturalWidth === 128));
    expect(await page.locator(".image-card").first().locator("ol").count()).toBe(2);
    // Classes by name (first synonym) with their probability; the title keeps the full name and index.
    const firstClass = page.locator(".image-card").first().locator("li").first();
    const nouns = NOUNS.map((n) => n.split(",")[0]!);
    expect(nouns).toContain(await firstClass.locator(".class-name").textContent());
    expect(await firstClass.textContent()).toMatch(/ 50%$/);
    expect(await firstClass.getAttribute("title")).toMatch(/\(ImageNet class \d+\), p = 0\.500/);
    await screenshot("4-run-images");
    await page.getByRole("button", { name: /^Show 24 more images/ }).click();
    expect(await page.locator(".image-card").count()).toBe(48);

    await page.evaluate(() => document.getElementById("features")?.scrollIntoView());
    expect(await page.locator(".histogram").count()).toBe(3);
    expect(await page.locator(".histogram figcaption").first().textContent()).toMatch(/over 4091 \(5 undefined, left out\)/);
    await screenshot("5-run-features");
  });

  it("run page of an older run: null summary bands and classes by index", async () => {
    await page.goto(`${base}/#/runs/${seeded.runs[0]!.id}`);
    await page.locator(".image-card").first().waitFor();
    expect(await page.locator("svg.null-chart .null-band").count()).toBe(10);
    expect(await page.locator("svg.null-chart.null-hist").count()).toBe(0);
    expect(await page.locator(".image-card").first().locator("li").first().textContent()).toMatch(/^class \d+$/);
  });

  it("compare page: metrics of the selected runs with deltas", async () => {
    const ids = seeded.runs.map((r) => r.id);
    await page.goto(`${base}/#/compare?ids=${ids.join(",")}`);
    await page.locator(".compare-table").first().waitFor();
    expect(await page.locator(".compare-table").first().locator("thead th").count()).toBe(4);
    expect(await page.locator(".delta").count()).toBeGreaterThan(10);
    await screenshot("6-compare");
  });

  it("dataset page: voxels per area and sample stimuli", async () => {
    await page.goto(`${base}/#/datasets/${seeded.dataset}`);
    await page.locator(".roi-table").waitFor();
    expect(await page.locator(".roi-table th").allTextContents()).toEqual(AREAS.map((a) => a.name));
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>(".stimuli img")].slice(0, 6).every((i) => i.complete && i.naturalWidth === 128));
    await screenshot("7-dataset");
  });

  it("raised no page or console errors (CSP included)", () => {
    expect(problems).toEqual([]);
  });
});
