// API throughput: GET /runs/{id} on loopback with autocannon (50 connections for 10 s), rotating over
// many stored runs of Kay's test shape (120 test images, D = 256): one run is computed by the real
// pipeline (ridge-cv, 1,000 permutations and bootstrap resamples, on a synthetic dataset of 300 + 120
// images and 1,000 voxels in 7 areas) and stored --runs times, each with its image results and arrays.
// The store is the default one (an embedded PostgreSQL server in a temp dir; --engine pglite for
// PGlite). Two servers are measured in turn: the default (a run read within 2 s is answered from
// memory: RunCache) and one with that cache off (every request reads the store). Target, for each:
// >= 2,000 requests/s with p99 < 25 ms and no error (non-2xx, timeout, connection error).
// Usage: pnpm bench api [--runs 200] [--duration 10] [--connections 50] [--engine postgres|pglite]
import autocannon from "autocannon";
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createApp, listen } from "@neurotranslator/api";
import { featureCacheKey, openStore, stopServer, type Store } from "@neurotranslator/data";
import { computeRun, planRun } from "@neurotranslator/app/run";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    runs: { type: "string", default: "200" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    engine: { type: "string", default: "postgres" },
  },
});
const nRuns = Number(values.runs);
const duration = Number(values.duration);
const connections = Number(values.connections);
const engine = values.engine === "pglite" ? "pglite" : "postgres";
const TARGET_RPS = 2000;
const TARGET_P99_MS = 25;
const [N_TRAIN, N_TEST, V, D, AREAS] = [300, 120, 1000, 256, 7];

function gen(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return () => u() + u() + u() - 1.5;
}

/** A dataset whose features are read linearly from 40 voxels each plus noise, and its feature set. */
async function seedDataset(store: Store): Promise<void> {
  const n = N_TRAIN + N_TEST;
  const r = gen(42);
  const responses = Float32Array.from({ length: n * V }, r);
  const features = new Float32Array(n * D);
  for (let f = 0; f < D; f++) {
    const idx = Array.from({ length: 40 }, () => Math.floor(((r() + 1.5) / 3) * V) % V);
    const noise = 0.5 + (4 * f) / D;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (const j of idx) s += responses[i * V + j]!;
      features[i * D + f] = s + noise * r();
    }
  }
  const f32 = (shape: number[], data: Float32Array) => ({ dtype: "float32" as const, shape, data });
  const contentHash = createHash("sha256").update("bench/api.ts kay-shaped").digest("hex");
  const roi = Int32Array.from({ length: V }, (_, i) => 1 + (i % AREAS));
  const dataset = await store.datasets.create({
    dataset: {
      name: "kay",
      kind: "simulated",
      contentHash,
      source: {},
      nTrain: N_TRAIN,
      nTest: N_TEST,
      nVoxels: V,
      stimulusShape: [8, 8],
      meta: {},
    },
    rois: Array.from({ length: AREAS }, (_, k) => ({
      code: k + 1,
      name: `A${k + 1}`,
      nVoxels: roi.filter((c) => c === k + 1).length,
    })),
    arrays: {
      stimuli_train: { dtype: "uint8", shape: [N_TRAIN, 8, 8], data: new Uint8Array(N_TRAIN * 64) },
      stimuli_test: { dtype: "uint8", shape: [N_TEST, 8, 8], data: new Uint8Array(N_TEST * 64) },
      responses_train: f32([N_TRAIN, V], responses.subarray(0, N_TRAIN * V)),
      responses_test: f32([N_TEST, V], responses.subarray(N_TRAIN * V)),
      roi: { dtype: "int32", shape: [V], data: roi },
    },
  });
  const model = { id: "synthetic", source: "bench/api.ts" };
  await store.featureSets.create({
    featureSet: {
      datasetId: dataset.id,
      name: "synthetic",
      model,
      layers: ["late"],
      preparation: {},
      cacheKey: featureCacheKey({ datasetHash: contentHash, model, layers: ["late"], preparation: {} }),
    },
    layers: [
      {
        layer: "late",
        train: f32([N_TRAIN, D], features.subarray(0, N_TRAIN * D)),
        test: f32([N_TEST, D], features.subarray(N_TRAIN * D)),
      },
    ],
  });
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
  errors: number;
}

async function measure(store: Store, ids: string[], runCacheMs: number): Promise<Measured> {
  const app = createApp({ store, auth: { readsRequireToken: false }, runCacheMs });
  const server = await listen(app.fetch, { port: 0, host: "127.0.0.1" });
  try {
    const check = await fetch(`${server.url}/runs/${ids[0]}`);
    if (check.status !== 200)
      throw new Error(`GET /runs/${ids[0]} answered ${check.status}: ${await check.text()}`);
    // Each connection walks the ids in turn (autocannon cycles its request list).
    const requests = ids.map((id) => ({ method: "GET" as const, path: `/runs/${id}` }));
    await autocannon({ url: server.url, connections, duration: 1, requests }); // warm-up (JIT, connection pool)
    // The load generator runs in a worker thread so it does not share the server's event loop.
    const result = await autocannon({ url: server.url, connections, duration, requests, workers: 1 });
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      total: result.requests.total,
      errors: result.errors + result.non2xx + result.timeouts,
    };
  } finally {
    await server.close();
  }
}

const parent = mkdtempSync(join(tmpdir(), "nt-bench-api-"));
chmodSync(parent, 0o755); // under root the embedded server's account must enter it
const dir = join(parent, "store");
const store = await openStore({ dir, engine });
try {
  let t = performance.now();
  await seedDataset(store);
  const { input } = await computeRun(
    store,
    await planRun(store, { dataset: "kay", features: "synthetic", layer: "late" }),
  );
  const computeSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const ids: string[] = [];
  for (let k = 0; k < nRuns; k++) ids.push((await store.runs.create(input)).id);
  const storeSeconds = (performance.now() - t) / 1000;
  console.log(
    `GET /runs/{id} rotating over ${nRuns} stored runs (${N_TEST} test images, D = ${D}, ${input.images?.length ?? 0} image results and arrays ${Object.keys(input.arrays ?? {}).join(", ")} each; ` +
      `one run computed in ${computeSeconds.toFixed(1)} s, stored ${nRuns} times in ${storeSeconds.toFixed(1)} s), store ${store.describe().kind}, ${connections} connections, ${duration} s each`,
  );
  for (const [label, ms] of [
    ["cached (default, 2 s)", 2000],
    ["uncached", 0],
  ] as const) {
    const m = await measure(store, ids, ms);
    const met = m.rps >= TARGET_RPS && m.p99 < TARGET_P99_MS && m.errors === 0;
    console.log(
      `${label.padEnd(22)} requests/s mean ${m.rps.toFixed(0).padStart(6)}  latency ms p50 ${m.p50} p99 ${m.p99} max ${m.max}  requests ${m.total}  errors ${m.errors}  ` +
        `target >= ${TARGET_RPS}/s, p99 < ${TARGET_P99_MS} ms, 0 errors: ${met ? "met" : "MISSED"}`,
    );
  }
} finally {
  await store.close();
  if (engine === "postgres") await stopServer(dir);
  rmSync(parent, { recursive: true, force: true });
}
