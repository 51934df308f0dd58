import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeImage, readNpy } from "@neurotranslator/data/formats";
import { createApp } from "./app.ts";
import { createClient } from "./client.ts";
import { D, N_TEST, SEED_MAP_METRIC, seedStore, type Seeded } from "./test-seed.ts";

let seeded: Seeded;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  seeded = await seedStore();
  app = createApp({ store: seeded.store, auth: { readsRequireToken: false } });
});
afterAll(async () => seeded?.dispose());

const get = async (path: string) => {
  const res = await app.request(path);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response shapes are asserted field by field below
  const body: any = (res.headers.get("content-type") ?? "").includes("json")
    ? await res.json()
    : await res.arrayBuffer();
  return { status: res.status, body, res };
};

describe("read routes", () => {
  it("health", async () => {
    expect(await get("/health")).toMatchObject({
      status: 200,
      body: { status: "ok", store: "pglite", jobs: false },
    });
  });

  it("datasets and feature sets", async () => {
    const list = await get("/datasets");
    expect(list.body).toMatchObject({
      limit: 50,
      offset: 0,
      nextOffset: null,
      items: [{ name: "kay", nTest: N_TEST, stimulusShape: [2, 3] }],
    });
    expect(typeof list.body.items[0].createdAt).toBe("string");
    const one = await get("/datasets/kay");
    expect(one.body.rois.map((r: { name: string }) => r.name)).toEqual(["V1", "V2"]);
    expect(one.body.arrays).toContain("stimuli_test");
    expect((await get("/datasets/nope")).status).toBe(404);
    expect((await get("/datasets/kay/feature-sets")).body.items.map((f: { name: string }) => f.name)).toEqual(
      ["mobilenet"],
    );
    const fs = await get("/datasets/kay/feature-sets/mobilenet");
    expect(fs.body.layerInfo.map((l: { layer: string; dim: number }) => [l.layer, l.dim])).toEqual([
      ["early", D],
      ["late", D],
    ]);
    expect((await get("/datasets/kay/feature-sets/other")).body.error.code).toBe("NOT_FOUND");
  });

  it("runs: filters and paging", async () => {
    const [ridge, ols] = seeded.runs;
    const all = await get("/runs");
    expect(all.body.items).toHaveLength(2);
    expect((await get("/runs?solver=ridge")).body.items.map((r: { id: string }) => r.id)).toEqual([
      ridge!.id,
    ]);
    expect((await get("/runs?layer=early")).body.items.map((r: { id: string }) => r.id)).toEqual([ols!.id]);
    expect((await get("/runs?roi=V1")).body.items.map((r: { id: string }) => r.id)).toEqual([ridge!.id]);
    expect((await get("/runs?dataset=kay&featureSet=mobilenet")).body.items).toHaveLength(2);
    const first = await get("/runs?limit=1");
    expect(first.body).toMatchObject({ limit: 1, offset: 0, nextOffset: 1 });
    const second = await get("/runs?limit=1&offset=1");
    expect(second.body.nextOffset).toBeNull();
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    for (const bad of [
      "limit=0",
      "limit=201",
      "offset=-1",
      "limit=abc",
      "featureSet=mobilenet",
      "solver=RIDGE",
    ]) {
      const res = await get(`/runs?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe("BAD_INPUT");
    }
    expect((await get("/runs?dataset=nope")).status).toBe(404);
  });

  it("run detail, images, features, maps, compare", async () => {
    const [ridge, ols] = seeded.runs;
    const detail = await get(`/runs/${ridge!.id}`);
    expect(detail.body).toMatchObject({
      id: ridge!.id,
      solver: "ridge",
      layer: "late",
      rois: ["V1"],
      metrics: { sampleR: { value: 0.1 } },
    });
    expect((await get("/runs/not-a-uuid")).status).toBe(400);
    // Short ids: a unique prefix (the 8 characters `runs list` prints) names the run.
    const short = await get(`/runs/${ridge!.id.slice(0, 8)}`);
    expect(short.status).toBe(200);
    expect(short.body.id).toBe(ridge!.id);
    expect((await get(`/runs/${ridge!.id.slice(0, 8)}/images`)).status).toBe(200);
    expect((await get("/runs/ffffffff")).status).toBe(404);
    expect((await get("/runs/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const images = await get(`/runs/${ridge!.id}/images`);
    expect(
      images.body.items.map((i: { imageIndex: number; rank: number }) => [i.imageIndex, i.rank]),
    ).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    const features = await get(`/runs/${ridge!.id}/features`);
    expect(features.body).toEqual({
      featureR: { dtype: "float64", shape: [D], data: [0.5, null] },
      r2: { dtype: "float32", shape: [D], data: [0, 1] },
      alpha: null,
    });
    const maps = (await get(`/runs/${ridge!.id}/maps`)).body;
    expect(maps.items).toEqual([{ runId: ridge!.id, roi: "V1", layer: "late", metric: SEED_MAP_METRIC }]);
    // The map's inference, gathered from its cells: the correction and each area's best-layer claim.
    expect(maps.corrections).toEqual(SEED_MAP_METRIC.corrections);
    expect(maps.bestLayer).toEqual({
      encoding: { V1: SEED_MAP_METRIC.bestLayer.encoding },
    });
    // A map stored before corrections existed: empty records.
    expect((await get(`/runs/${ols!.id}/maps`)).body).toMatchObject({
      corrections: {},
      bestLayer: {},
    });
    const compare = await get(`/runs/compare?ids=${ridge!.id},${ols!.id}`);
    const sampleR = compare.body.metrics.find((m: { metric: string }) => m.metric === "sampleR");
    expect(sampleR.values).toEqual([0.1, 0.2]);
    // The shared compare (compareStoredRuns): named columns, the base's difference null, a paired CI for the other.
    expect(sampleR.differences[0]).toBeNull();
    expect(sampleR.differences[1].delta).toBeCloseTo(0.1, 12);
    expect(compare.body.columns.map((c: { shortId: string }) => c.shortId)).toEqual([
      ridge!.id.slice(0, 8),
      ols!.id.slice(0, 8),
    ]);
    expect(compare.body.columns[0]).toMatchObject({ solver: ridge!.solver, layer: ridge!.layer });
    expect(compare.body.runs.map((r: { id: string }) => r.id)).toEqual([ridge!.id, ols!.id]);
    expect(compare.body.definition).toMatch(/^paired percentile bootstrap over the shared test images/);
    expect((await get(`/runs/compare?ids=${ridge!.id}`)).status).toBe(400);
    expect((await get(`/runs/compare?ids=${ridge!.id},x`)).status).toBe(400);
  });

  it("predictions as JSON and as .npy", async () => {
    const [ridge, ols] = seeded.runs;
    const json = await get(`/runs/${ridge!.id}/predictions`);
    expect(json.body).toEqual({
      dtype: "float32",
      shape: [N_TEST, D],
      data: [0, 1, 2, 3, 4, 5],
    });
    const npy = await get(`/runs/${ridge!.id}/predictions?format=npy`);
    expect(npy.res.headers.get("content-type")).toBe("application/octet-stream");
    const array = readNpy(new Uint8Array(npy.body as ArrayBuffer));
    expect(array.shape).toEqual([N_TEST, D]);
    expect(Array.from(array.data as Float32Array)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await get(`/runs/${ols!.id}/predictions`)).status).toBe(404);
    expect((await get(`/runs/${ridge!.id}/predictions?format=csv`)).status).toBe(400);
  });

  it("stimulus PNGs from the stored arrays", async () => {
    const train = await get("/datasets/kay/stimuli/train/2.png");
    expect(train.res.headers.get("content-type")).toBe("image/png");
    const img = decodeImage(new Uint8Array(train.body as ArrayBuffer));
    expect([img.height, img.width, img.channels, Array.from(img.data)]).toEqual([
      2,
      3,
      1,
      [20, 20, 20, 20, 20, 20],
    ]);
    // float test image 1 holds 6..11: scaled from its min..max to 0..255
    const test = decodeImage(
      new Uint8Array((await get("/datasets/kay/stimuli/test/1.png")).body as ArrayBuffer),
    );
    expect(Array.from(test.data)).toEqual([0, 51, 102, 153, 204, 255]);
    expect((await get("/datasets/kay/stimuli/test/3.png")).status).toBe(404);
    for (const bad of [
      "/datasets/kay/stimuli/valid/0.png",
      "/datasets/kay/stimuli/test/0.jpg",
      "/datasets/kay/stimuli/test/-1.png",
      "/datasets/kay/stimuli/test/01.png",
    ]) {
      expect((await get(bad)).status, bad).toBe(400);
    }
  });
});

describe("documents", () => {
  it("OpenAPI 3.1 lists every route", async () => {
    const doc = (await get("/openapi.json")).body;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/datasets",
        "/datasets/{name}",
        "/datasets/{name}/feature-sets",
        "/datasets/{name}/feature-sets/{featureSet}",
        "/datasets/{name}/stimuli/{split}/{image}",
        "/health",
        "/jobs/{id}",
        "/runs",
        "/runs/compare",
        "/runs/{id}",
        "/runs/{id}/features",
        "/runs/{id}/images",
        "/runs/{id}/maps",
        "/runs/{id}/null",
        "/runs/{id}/partition",
        "/runs/{id}/predictions",
        "/sweeps",
      ].sort(),
    );
    expect(Object.keys(doc.paths["/runs"])).toEqual(["get", "post"]);
    expect(doc.components.securitySchemes.bearer.scheme).toBe("bearer");
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { responses: object }>>,
    )) {
      for (const op of Object.values(ops)) expect(Object.keys(op.responses).length, path).toBeGreaterThan(1);
    }
  });

  it("Swagger UI is served from the package, no CDN", async () => {
    const page = await get("/docs");
    const html = new TextDecoder().decode(page.body as ArrayBuffer);
    expect(html).toContain('<div id="swagger-ui">');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of html.match(/\/docs\/[\w.-]+/g) ?? [])
      expect((await app.request(asset)).status, asset).toBe(200);
    expect((await app.request("/docs/package.json")).status).toBe(404);
  });
});

describe("over a real socket", () => {
  it("serves on 127.0.0.1:0 and the typed client reads a run", async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    try {
      const { port } = server.address() as AddressInfo;
      const client = createClient(`http://127.0.0.1:${port}`);
      const res = await client.runs[":id"].$get({
        param: { id: seeded.runs[0]!.id },
      });
      expect(res.status).toBe(200);
      const run = await res.json();
      expect("solver" in run ? run.solver : run.error.message).toBe("ridge");
      const raw = await fetch(`http://127.0.0.1:${port}/health`);
      expect(raw.headers.get("x-content-type-options")).toBe("nosniff");
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
