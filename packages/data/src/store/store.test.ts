import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NtError } from "@neurotranslator/schema";
import {
  DTYPES,
  MEMORY_ARRAY,
  type DType,
  type NdArray,
  type NumericTypedArray,
} from "@neurotranslator/schema";
import { featureCacheKey } from "./cache-key.ts";
import type { Store } from "./store.ts";
import { pgliteBackend, embeddedBackend, postgresBackend, type TestBackend } from "./test-backends.ts";
import { D, N_TEST, N_TRAIN, ramp32, tinyCells, tinyDataset, tinyRun } from "../testing/records.ts";

const skipPostgres = process.env.NT_SKIP_POSTGRES === "1";

/** The bytes behind an array's data, for bit-exact comparison (NaN payloads and -0 included). */
function bytesOf(array: NdArray): Buffer {
  const data = array.data as NumericTypedArray;
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** An array of random bit patterns of `dtype` (floats then include NaNs with payloads, infinities, -0). */
function randomArray(dtype: Exclude<DType, "unicode">, shape: number[]): NdArray {
  const ctor = MEMORY_ARRAY[dtype];
  const n = shape.reduce((a, b) => a * b, 1);
  const bytes = randomBytes(n * ctor.BYTES_PER_ELEMENT);
  if (dtype === "bool") for (let i = 0; i < bytes.length; i++) bytes[i] = (bytes[i] ?? 0) & 1;
  return { dtype, shape, data: new ctor(bytes.buffer, bytes.byteOffset, n) };
}

async function expectNtError(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NtError);
  expect((error as NtError).code).toBe(code);
  expect((error as NtError).message).toMatch(pattern);
}

describe.each(["pglite", "postgres", "embedded-postgres"] as const)("store on %s", (kind) => {
  let backend: TestBackend;
  let store: Store;

  beforeAll(async () => {
    if (kind === "postgres" && skipPostgres) return;
    const created =
      kind === "pglite"
        ? pgliteBackend()
        : kind === "embedded-postgres"
          ? embeddedBackend()
          : await postgresBackend();
    if (created === undefined) throw new Error("postgres backend unavailable");
    backend = created;
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
    await backend?.dispose();
  });

  describe.skipIf(kind === "postgres" && skipPostgres)("", () => {
    it("runs the migrations on open and reopens an existing store", async () => {
      expect(store.describe().kind).toBe(kind);
      expect(await store.datasets.list()).toEqual([]);
      await store.close();
      store = await backend.open(); // migrations already applied: must be a no-op
      expect(await store.arrays.count()).toBe(0);
    });

    it("round-trips every dtype bit-exact, including a 20 MB float32 array", async () => {
      for (const dtype of DTYPES) {
        if (dtype === "unicode") continue;
        const array = randomArray(dtype, [3, 7, 5]);
        const back = await store.arrays.get(await store.arrays.put(array), {
          verify: true,
        });
        expect(back.dtype).toBe(dtype);
        expect(back.shape).toEqual([3, 7, 5]);
        expect(back.data.constructor).toBe(MEMORY_ARRAY[dtype]);
        expect(bytesOf(back).equals(bytesOf(array))).toBe(true);
      }
      const special = new Float64Array([Number.NaN, -0, Infinity, -Infinity, 5e-324]);
      new BigUint64Array(special.buffer)[0] = 0x7ff0000000000001n; // signalling NaN payload
      const back64 = await store.arrays.get(
        await store.arrays.put({ dtype: "float64", shape: [5], data: special }),
      );
      expect(bytesOf(back64).equals(bytesOf({ dtype: "float64", shape: [5], data: special }))).toBe(true);
      const narrowed = randomArray("float64", [300, 500]); // 1.2 MB: two chunks
      const asFloat32 = await store.arrays.get(await store.arrays.put(narrowed), { as: "float32" });
      expect(asFloat32.dtype).toBe("float32");
      expect(asFloat32.shape).toEqual([300, 500]);
      expect(
        bytesOf(asFloat32).equals(Buffer.from(Float32Array.from(narrowed.data as Float64Array).buffer)),
      ).toBe(true);

      const big = randomArray("float32", [600, 8428]); // 20.2 MB: 20 chunks
      const bigBack = await store.arrays.get(await store.arrays.put(big));
      expect(bigBack.shape).toEqual([600, 8428]);
      expect(bytesOf(bigBack).equals(bytesOf(big))).toBe(true);

      const text: NdArray = {
        dtype: "unicode",
        shape: [2, 2],
        data: ["a", "ü", "", "n02084071 dog"],
      };
      expect(await store.arrays.get(await store.arrays.put(text))).toEqual(text);
      const empty: NdArray = {
        dtype: "float32",
        shape: [0, 4],
        data: new Float32Array(0),
      };
      expect(await store.arrays.get(await store.arrays.put(empty))).toEqual(empty);
    });

    it("rejects an array whose data does not fit its dtype or shape", async () => {
      await expectNtError(
        store.arrays.put({
          dtype: "float32",
          shape: [2, 3],
          data: new Float32Array(5),
        }),
        "BAD_INPUT",
        /\(2, 3\) has 6 elements but data has 5/,
      );
      await expectNtError(
        store.arrays.put({
          dtype: "float64",
          shape: [2],
          data: new Float32Array(2),
        }),
        "BAD_INPUT",
        /float64 needs Float64Array/,
      );
    });

    it("stores a dataset, feature set and run and reads them back", async () => {
      const input = tinyDataset("tiny-1");
      const dataset = await store.datasets.create(input);
      expect(await store.datasets.get("tiny-1")).toEqual(dataset);
      expect(dataset.stimulusShape).toEqual([2, 2]);
      expect((await store.datasets.rois(dataset.id)).map((r) => r.name)).toEqual(["V1", "V2"]);
      expect(await store.datasets.array(dataset.id, "responses_test")).toEqual(input.arrays.responses_test);
      expect(await store.datasets.array(dataset.id, "labels_test")).toEqual(input.arrays.labels_test);

      const model = { id: "mobilenet", source: "test" };
      const cacheKey = featureCacheKey({
        datasetHash: dataset.contentHash,
        model,
        layers: ["early", "late"],
        preparation: {},
      });
      const fs = await store.featureSets.create({
        featureSet: {
          datasetId: dataset.id,
          name: "fs",
          model,
          layers: ["early", "late"],
          preparation: {},
          cacheKey,
        },
        layers: [
          {
            layer: "early",
            train: ramp32([N_TRAIN, 8]),
            test: ramp32([N_TEST, 8]),
          },
          {
            layer: "late",
            train: ramp32([N_TRAIN, D], 1),
            test: ramp32([N_TEST, D], 2),
          },
        ],
      });
      expect((await store.featureSets.layers(fs.id)).map((l) => [l.layer, l.dim])).toEqual([
        ["early", 8],
        ["late", D],
      ]);
      expect((await store.featureSets.layerArrays(fs.id, "late")).test).toEqual(ramp32([N_TEST, D], 2));
      expect(await store.featureSets.findByCacheKey(cacheKey)).toEqual(fs);

      const run = await store.runs.create({
        run: tinyRun(dataset.id, dataset.contentHash, fs.id, "late"),
        images: [0, 1, 2].map((i) => ({
          imageIndex: i,
          r: i === 1 ? null : 0.5,
          cosine: 0.25,
          rank: i + 1,
          extra: { top5: ["a"] },
        })),
        arrays: {
          predictions: ramp32([N_TEST, D], 9),
          featureR: ramp32([D]),
          alpha: ramp32([D], 1),
        },
        mapCells: tinyCells,
      });
      expect(run).toMatchObject({
        layer: "late",
        rois: ["V1"],
        solver: "ridge",
        status: "complete",
      });
      expect(await store.runs.get(run.id)).toEqual(run);
      expect((await store.runs.images(run.id)).map((r) => r.r)).toEqual([0.5, null, 0.5]);
      expect(await store.runs.array(run.id, "predictions")).toEqual(ramp32([N_TEST, D], 9));
      expect((await store.runs.mapCells(run.id)).map((c) => c.roi)).toEqual(["V1", "all"]);
      expect((await store.runs.list({ datasetId: dataset.id })).map((r) => r.id)).toEqual([run.id]);
    });

    it("rejects a run whose predictions do not match the layer's dimension", async () => {
      const dataset = await store.datasets.get("tiny-1");
      const [fs] = await store.featureSets.list(dataset.id);
      const bad = store.runs.create({
        run: tinyRun(dataset.id, dataset.contentHash, fs?.id ?? "", "late"),
        arrays: { predictions: ramp32([N_TEST, D + 1]) },
      });
      await expectNtError(bad, "BAD_INPUT", /run array "predictions" has shape \(3, 5\); expected \(3, 4\)/);
    });

    it("names the existing dataset on a duplicate content hash, and the field on a bad name", async () => {
      await expectNtError(
        store.datasets.create(tinyDataset("tiny-copy", "tiny-1")),
        "CONFLICT",
        /already stored as dataset "tiny-1"/,
      );
      await expectNtError(
        store.datasets.create(tinyDataset("bad name")),
        "BAD_INPUT",
        /field "name" must be 1-64 characters.*got "bad name"/,
      );
      await expectNtError(store.datasets.get("missing"), "NOT_FOUND", /dataset "missing" does not exist/);
    });

    it("leaves no rows and no arrays when a transaction throws midway", async () => {
      const before = await store.arrays.count();
      let arrayId = "";
      const failing = store.transaction(async (tx) => {
        await tx.datasets.create(tinyDataset("tiny-rolled-back"));
        arrayId = await tx.arrays.put(ramp32([10, 10]));
        expect(await tx.datasets.find("tiny-rolled-back")).toBeDefined(); // visible inside
        throw new Error("failure after writing");
      });
      await expect(failing).rejects.toThrow("failure after writing");
      expect(await store.datasets.find("tiny-rolled-back")).toBeUndefined();
      expect(await store.arrays.count()).toBe(before);
      await expectNtError(store.arrays.get(arrayId), "NOT_FOUND", /does not exist/);
    });

    it("deletes a dataset with its feature sets, runs and arrays", async () => {
      const other = await store.datasets.create(tinyDataset("tiny-2"));
      const before = await store.arrays.count();
      const dataset = await store.datasets.get("tiny-1");
      await store.datasets.remove("tiny-1");
      expect((await store.datasets.list()).map((d) => d.name)).toEqual(["tiny-2"]);
      expect(await store.featureSets.list()).toEqual([]);
      expect(await store.runs.list()).toEqual([]);
      // tiny-1 owned 6 dataset arrays, 4 feature matrices and 3 run arrays.
      expect(await store.arrays.count()).toBe(before - 13);
      await expectNtError(store.datasets.getById(dataset.id), "NOT_FOUND", /does not exist/);
      expect(await store.datasets.array(other.id, "roi")).toEqual(tinyDataset("tiny-2").arrays.roi);
    });

    it.runIf(kind === "pglite")("refuses a second opener of the same directory", async () => {
      await expectNtError(backend.open(), "CONFLICT", /is in use by process \d+/);
    });

    it.runIf(kind === "postgres")("never shows the password in describe()", () => {
      expect(store.describe().location).toMatch(/^postgres(ql)?:\/\//);
      expect(store.describe().location).not.toMatch(/:[^/@:]*@/);
    });
  });
});
