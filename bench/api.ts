// API throughput: GET /runs/{id} (run summary with metrics) on loopback, 50 connections for 10 s,
// with autocannon, against a temp PGlite store seeded with two runs. Target: >= 2,000 requests/s
// with p99 < 25 ms. Usage: pnpm bench api [-- --duration 10 --connections 50]
import autocannon from "autocannon";
import { parseArgs } from "node:util";
import { createApp, listen } from "@neurotranslator/api";
import { seedStore } from "../packages/api/src/test-seed.ts";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const TARGET_RPS = 2000;
const TARGET_P99_MS = 25;

const seeded = await seedStore();
const app = createApp({
  store: seeded.store,
  auth: { readsRequireToken: false },
});
const server = await listen(app.fetch, { port: 0, host: "127.0.0.1" });
const url = `${server.url}/runs/${seeded.runs[0]!.id}`;
try {
  const check = await fetch(url);
  if (check.status !== 200)
    throw new Error(
      `GET ${url} answered ${check.status}: ${await check.text()}`,
    );
  await autocannon({ url, connections, duration: 1 }); // warm-up (JIT, connection pool)
  // The load generator runs in a worker thread so it does not share the server's event loop.
  const result = await autocannon({ url, connections, duration, workers: 1 });
  const rps = result.requests.average;
  const p99 = result.latency.p99;
  const errors = result.errors + result.non2xx;
  console.log(
    `GET /runs/{id} on ${server.url}: ${connections} connections, ${duration} s (store ${seeded.store.describe().kind}, ${result.requests.total} requests)`,
  );
  console.log(
    `requests/s  mean ${rps.toFixed(0)}  (p50 ${result.requests.p50}, min ${result.requests.min})  target >= ${TARGET_RPS}: ${rps >= TARGET_RPS ? "met" : "MISSED"}`,
  );
  console.log(
    `latency ms  p50 ${result.latency.p50}  p99 ${p99}  max ${result.latency.max}  target p99 < ${TARGET_P99_MS}: ${p99 < TARGET_P99_MS ? "met" : "MISSED"}`,
  );
  console.log(`errors/non-2xx: ${errors}`);
} finally {
  await server.close();
  await seeded.dispose();
}
