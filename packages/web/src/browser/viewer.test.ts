// The viewer in a real browser: build it with Vite (or take a fresh dist/), serve it and the API from one process over a
// seeded PGlite store, drive Debian's Chromium at 1366x768 and at 420 px wide (a phone), check what the
// pages show, take screenshots (into NT_TEST_SCREENSHOTS when set, else a temp dir) and check they are
// not blank and that no page is wider than the window.
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
import {
  AREAS,
  LAYERS,
  N_TEST,
  NOUNS,
  PLANTED,
  seedViewerStore,
  type SeededViewerStore,
} from "./seed-store.ts";

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
  const viewer = builtViewer().then(
    (v) => (
      console.log(`viewer test: ${v.fresh ? "viewer built" : "using the fresh dist/"} after ${since()}`),
      v
    ),
  );
  [seeded, webRoot] = await Promise.all([
    seedViewerStore().then((s) => (console.log(`viewer test: store seeded after ${since()}`), s)),
    viewer,
  ]);
  server = serve({
    fetch: createApp({ store: seeded.store, auth: { readsRequireToken: false }, webRoot: webRoot.root })
      .fetch,
    hostname: "127.0.0.1",
    port: 0,
  });
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
  const size = page.viewportSize()!;
  expect([stats.width, stats.height]).toEqual([size.width, size.height]);
  // Nothing wider than the window: wide tables scroll inside their own box.
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    // The outermost elements that stick out, for the failure message.
    wide: [...document.querySelectorAll("body *")]
      .filter(
        (e) =>
          e.getBoundingClientRect().right > window.innerWidth + 1 &&
          !e.parentElement?.closest(".table-scroll") &&
          !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1),
      )
      .slice(0, 5)
      .map(
        (e) =>
          `<${e.tagName.toLowerCase()} class="${e.className as string}"> to ${Math.round(e.getBoundingClientRect().right)} px`,
      ),
  }));
  expect(
    widths.page,
    `${name}: page ${widths.page} px wide in a ${widths.window} px window: ${widths.wide.join(", ")}`,
  ).toBeLessThanOrEqual(widths.window);
}

/** Clicks `button` and returns the downloaded file's name and bytes. */
async function download(button: ReturnType<Page["getByRole"]>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
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

    // Filters by area and layer; the map badge marks the one map run; the table downloads as CSV.
    await page.locator("select[name=roi]").selectOption("V1");
    await expect.poll(() => rows.count()).toBe(1);
    await page.locator("select[name=roi]").selectOption("all");
    await expect.poll(() => rows.count()).toBe(2);
    await page.locator("select[name=roi]").selectOption("");
    expect(await page.locator(".runs-table .map-badge").count()).toBe(1);
    expect(await page.locator(".runs-table thead th").allTextContents()).toEqual(
      expect.arrayContaining(["Per-feature r", "R²", "Top-1", "Map", "Features"]),
    );
    const csv = await download(page.getByRole("button", { name: "Download the runs table as CSV" }));
    expect(csv.name).toBe("runs.csv");
    const lines = csv.bytes.toString("utf8").trim().split("\r\n");
    expect(lines[0]).toBe(
      "run_id,created_at,dataset,features,layer,areas,solver,map,featureR,r2,sampleR,cosine,identification,top1Agreement",
    );
    expect(lines).toHaveLength(4);
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
    console.log(
      `viewer test: run page (${N_TEST} images x 4096 features) showed heatmap and cards ${Date.now() - t0} ms after Enter`,
    );
    expect(page.url()).toContain(`#/runs/${run.id}`);

    // The question and the answer first: headline cards with CI, null and the p floor stated.
    expect(await page.locator(".question").textContent()).toMatch(
      /How well do the responses of all visual areas translate into the CNN's vgg16\/fc7 features/,
    );
    expect(await page.locator(".verdict").textContent()).toMatch(
      /^Per-feature r is 0\.\d{3} \(95% CI \[.*\]\), (above|not distinguishable from) its permutation null \(mean .*\); the translation picks out \d+ of 120 test images from their true features, where chance picks out 1\.$/,
    );
    expect(await page.locator(".headline .card h4").allTextContents()).toEqual([
      "Per-feature r",
      "Identification",
      "Per-feature R²",
      "Top-1 class agreement",
    ]);
    expect(await page.locator(".page-header .simulated").textContent()).toBe("Simulated data");
    expect(await page.locator(".metrics-table tbody tr").count()).toBe(10);
    // The run kept its null samples: each metric's null is a histogram (bars), not the summary band.
    await expect.poll(() => page.locator("svg.null-chart.null-hist").count()).toBe(10);
    expect(await page.locator("svg.null-chart .null-band").count()).toBe(0);
    expect(
      await page.locator("svg.null-chart.null-hist").first().locator(".null-bar").count(),
    ).toBeGreaterThan(10);
    expect(await page.locator("svg.null-chart").first().getAttribute("aria-label")).toMatch(
      /histogram of 1000 permutation-null samples/,
    );
    await screenshot("2-run-metrics");

    const cells = page.locator(".heatmap-table tbody td");
    expect(await cells.count()).toBe((AREAS.length + 1) * LAYERS.length);
    expect(await page.locator(".heatmap-table tbody th").allTextContents()).toEqual([
      ...AREAS.map((a) => a.name),
      "all",
    ]);
    expect(await cells.first().getAttribute("aria-label")).toMatch(
      /^V1 x vgg16\/block2_pool: Per-feature r 0\.\d{3} 95% CI \[.*uncorrected, FWE-corrected p/,
    );
    // Stars and p_FWE from the corrected p; the legend says so; the best layer per area below, or "not distinguishable".
    expect(await page.locator(".map-caption").textContent()).toMatch(
      /★ p < 0\.05, FWE-corrected \(max-statistic over the 24 cells/,
    );
    expect(await page.locator(".map-caption").textContent()).toMatch(
      /With 1000 permutations the smallest possible p is 1\/\(1 \+ 1000\) = 0\.0010/,
    );
    // A colour bar with the metric, its unit and the scale's range; best layers outlined; planted layers marked.
    expect(await page.locator(".colorbar svg").getAttribute("aria-label")).toMatch(
      /^Colour scale: Per-feature r \(Pearson r, unitless\), /,
    );
    expect(await page.locator(".heatmap-table td.best").count()).toBe(AREAS.length); // every area but V3A, plus the "all" row
    expect(await page.locator(".heatmap-table td", { has: page.locator(".cell-planted") }).count()).toBe(
      AREAS.length,
    );
    expect(
      await page
        .locator(".heatmap-table tbody tr")
        .first()
        .locator("td")
        .nth(LAYERS.findIndex((l) => l.name === PLANTED[0]))
        .getAttribute("aria-label"),
    ).toMatch(/planted layer$/);
    expect(await page.locator(".cell-star").count()).toBeGreaterThan(0);
    expect(await page.locator(".heatmap-table .cell-p").first().textContent()).toMatch(/^p_FWE/);
    expect(await page.locator(".best-layers li", { hasText: "V3A" }).textContent()).toMatch(
      /not distinguishable/,
    );
    expect(await page.locator(".best-layers li", { hasText: "V1" }).first().textContent()).toMatch(
      /V1: vgg16\/block2_pool, \+0\.\d{3}/,
    );
    // Per-feature r leads the metrics table; the training-mean baseline sits beside every metric.
    expect(await page.locator(".metrics-table tbody th").first().textContent()).toMatch(/^Per-feature r/);
    expect(await page.locator(".metrics-table thead th", { hasText: "Training-mean baseline" }).count()).toBe(
      1,
    );
    await page.locator("#map").scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById("map")?.scrollIntoView());
    await screenshot("3-run-heatmap");

    await page.evaluate(() => document.getElementById("images")?.scrollIntoView());
    expect(await page.locator(".image-card").count()).toBe(24);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>(".image-card img")]
        .slice(0, 4)
        .every((i) => i.complete && i.naturalWidth === 128),
    );
    expect(await page.locator(".image-card").first().locator("ol").count()).toBe(2);
    // Area shares: one small bar chart per card, areas in the dataset's order, the definition stated once.
    expect(await page.locator(".image-card").first().locator(".area-shares .share-bar").count()).toBe(
      AREAS.length,
    );
    expect(
      await page.locator(".image-card").first().locator(".area-shares .share-bar.negative").count(),
    ).toBe(1);
    expect(
      await page.locator(".image-card").first().locator(".area-shares svg").getAttribute("aria-label"),
    ).toMatch(/^Area shares of this image: V1 -?\d\.\d\d \(agreement r -?\d\.\d\d\), V2/);
    expect(await page.locator("#images .definition").textContent()).toMatch(
      /signed projection of the area's part of the prediction onto the image's deviation from the baseline prediction/,
    );
    expect(await page.locator(".image-card").first().locator("h5").allTextContents()).toEqual([
      "Classifier on the CNN's features",
      "Classifier on the translation",
    ]);
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
    expect(await page.locator(".histogram figcaption").first().textContent()).toMatch(
      /over 4091 \(5 undefined, left out\)/,
    );
    expect(await page.locator(".histogram").first().locator(".axis-title").allTextContents()).toEqual([
      "Pearson r of a feature (unitless)",
      "number of features",
    ]);
    await screenshot("5-run-features");
    // A chart downloads as a PNG a slide can take (not blank) and as a standalone SVG.
    const png = await download(
      page.getByRole("button", { name: "Download Pearson r per feature (across test images) as PNG" }),
    );
    expect(png.name).toBe("pearson-r-per-feature-across-test-images.png");
    assertNotBlank(new Uint8Array(png.bytes), "downloaded histogram PNG", 8, 0.99);
    const svg = await download(
      page.getByRole("button", { name: "Download Pearson r per feature (across test images) as SVG" }),
    );
    expect(svg.bytes.toString("utf8")).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(await page.locator("#config").textContent()).toMatch(
      /alphas: \[1, 10, 100, 1000\], perTarget: true/,
    );
  });

  it("run page of an older run: null summary bands and classes by index", async () => {
    await page.goto(`${base}/#/runs/${seeded.runs[0]!.id}`);
    await page.locator(".image-card").first().waitFor();
    expect(await page.locator("svg.null-chart .null-band").count()).toBe(10);
    expect(await page.locator("svg.null-chart.null-hist").count()).toBe(0);
    expect(await page.locator(".image-card").first().locator("li").first().textContent()).toMatch(
      /^class \d+$/,
    );
  });

  it("run page of a run without a classifier comparison says why its cards have no classes", async () => {
    await page.goto(`${base}/#/runs/${seeded.runs[1]!.id}`);
    await page.locator(".image-card").first().waitFor();
    expect(await page.locator(".image-card").first().locator(".classes").textContent()).toBe(
      'No classes: layer "vgg16/block2_pool" is not the input of vgg16\'s classifier head (vgg16/fc7): classifier metrics skipped.',
    );
    expect(await page.locator("#map").textContent()).toMatch(
      /This run stored no area x layer map\. The map of this dataset and feature set is in run /,
    );
    expect(await page.locator(".map-elsewhere a").getAttribute("href")).toBe(`#/runs/${seeded.runs[2]!.id}`);
  });

  it("compare page: named columns, and differences with paired bootstrap CIs", async () => {
    const ids = seeded.runs.map((r) => r.id);
    await page.goto(`${base}/#/compare?ids=${ids.join(",")}`);
    await page.locator(".compare-table").first().waitFor();
    const heads = page.locator(".compare-table").first().locator("thead th.run-column");
    expect(await heads.count()).toBe(3);
    expect(await heads.first().textContent()).toMatch(
      new RegExp(`^${ids[0]!.slice(0, 8)}basekay-sim simulatedvgg16 · vgg16/fc7all areas · ols$`),
    );
    expect(await page.locator(".delta").count()).toBeGreaterThan(10);
    expect(await page.locator(".delta").first().textContent()).toMatch(
      /^Δ [+-]?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]/,
    );
    expect(await page.locator(".map-caption").textContent()).toMatch(
      /paired bootstrap 95% CI over the shared test images \(2000 resamples\)/,
    );
    await screenshot("6-compare");
  });

  it("datasets index and an unknown page keep a way back", async () => {
    await page.goto(`${base}/#/datasets`);
    await page.locator(".datasets-table").waitFor();
    expect(await page.locator(".datasets-table tbody th").allTextContents()).toEqual(["kay-sim"]);
    expect(await page.locator(".datasets-table .simulated").count()).toBe(1);
    expect(await page.locator(".main-nav a", { hasText: "API docs" }).getAttribute("href")).toBe("/docs");
    await screenshot("8-datasets");
    const before = problems.length;
    await page.goto(`${base}/#/runs/00000000-0000-4000-8000-000000000000`);
    await page.locator(".status.error").waitFor();
    // The API's 404 for the missing run is the point here, not a fault of the page.
    expect(problems.splice(before).every((p) => p.includes("404"))).toBe(true);
    expect(await page.locator("nav.crumbs a").first().textContent()).toBe("Runs");
    await page.goto(`${base}/#/nowhere`);
    expect(await page.locator("nav.crumbs").textContent()).toBe("Runs / no such page");
  });

  it("dataset page: cards, areas with planted layers, noise ceilings, raw JSON behind a disclosure", async () => {
    await page.goto(`${base}/#/datasets/${seeded.dataset}`);
    await page.locator(".roi-table").waitFor();
    expect(await page.locator(".roi-table tbody th").allTextContents()).toEqual(AREAS.map((a) => a.name));
    expect(await page.locator(".roi-table tbody tr").first().locator("td code").textContent()).toBe(
      PLANTED[0],
    );
    expect(await page.locator(".cards .card h4").allTextContents()).toEqual([
      "Kind",
      "Training images",
      "Test images",
      "Voxels",
      "Stimuli",
      "Imported",
    ]);
    expect(await page.locator(".bar-chart svg .bar").count()).toBe(AREAS.length);
    expect(await page.locator(".bar-chart svg .axis-title").textContent()).toBe(
      "noise ceiling (Pearson r, unitless)",
    );
    // The raw metadata is closed until asked for, and its long index lists are shortened.
    expect(await page.locator("details.raw").getAttribute("open")).toBeNull();
    expect(await page.locator("details.raw pre").textContent()).toMatch(
      /"testImages": "\[120 numbers: 24, 25, 26, 27, 28, …\]"/,
    );
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>(".stimuli img")]
        .slice(0, 6)
        .every((i) => i.complete && i.naturalWidth === 128),
    );
    await screenshot("7-dataset");
  });

  it("every page fits a 420 px phone screen: nothing wider than the window, nothing blank", async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    const run = seeded.runs[2]!.id;
    const pages: [string, string, string][] = [
      ["runs", "#/runs", ".runs-table tbody tr"],
      ["run", `#/runs/${run}`, ".image-card"],
      ["run-map", `#/runs/${run}`, ".heatmap-table td"],
      ["compare", `#/compare?ids=${seeded.runs.map((r) => r.id).join(",")}`, ".compare-table"],
      ["datasets", "#/datasets", ".datasets-table"],
      ["dataset", `#/datasets/${seeded.dataset}`, ".roi-table"],
    ];
    for (const [name, hash, ready] of pages) {
      await page.goto(`${base}/${hash}`);
      await page.locator(ready).first().waitFor();
      if (name === "run-map") await page.evaluate(() => document.getElementById("map")?.scrollIntoView());
      await screenshot(`9-narrow-${name}`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it("raised no page or console errors (CSP included)", () => {
    expect(problems).toEqual([]);
  });
});
