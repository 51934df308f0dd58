import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARTITION_DEFINITION } from "@neurotranslator/data/schema";
import { createApp } from "./app.ts";
import { metrics, runLike, seedStore, type Seeded } from "./test-seed.ts";

let seeded: Seeded;
let app: ReturnType<typeof createApp>;
let runId: string;

const summary = (value: number, p: number | null = null) => ({
  value,
  ci95: [value - 0.1, value + 0.1] as [number, number],
  null: null,
  p,
  pAdjusted: p,
});
const correction = {
  method: "max-statistic" as const,
  errorRate: "FWE" as const,
  nCells: 1,
  nPermutations: 99,
  definition: "test",
};
const cell = (layer: string, unique: number) => ({
  layer,
  unique: summary(unique, 0.01),
  shared: { value: 0.2, ci95: null, null: null, p: null },
  alone: summary(unique + 0.2, 0.01),
  bandWeight: { mean: 0.5, median: 0.5 },
  joint: summary(0.6, 0.01),
  sharedTotal: { value: 0.2, ci95: null, null: null, p: null },
  uniqueLayers: ["late"],
  nVoxels: 2,
  nValidVoxels: 2,
  search: { criterion: "GCV", weights: "voxel", nSamples: 20 },
  corrections: { joint: correction, unique: correction, alone: correction },
});

beforeAll(async () => {
  seeded = await seedStore();
  app = createApp({ store: seeded.store, auth: { readsRequireToken: false } });
  const base = seeded.runs[0]!;
  const rows = [
    "joint",
    "alpha",
    "unique:early",
    "shared:early",
    "alone:early",
    "weight:early",
    "unique:late",
    "shared:late",
    "alone:late",
    "weight:late",
  ];
  const data = Float32Array.from({ length: rows.length * 3 }, (_, i) => (i % 3 === 2 ? NaN : i / 100));
  const run = await seeded.store.transaction((tx) =>
    tx.runs.create({
      run: runLike(base, { ...metrics(0.1), partitionRows: rows }),
      arrays: { partition: { dtype: "float32", shape: [rows.length, 3], data } },
      mapCells: [
        { roi: "V1", layer: "early", metric: { partition: cell("early", 0.01) } },
        { roi: "V1", layer: "late", metric: { partition: cell("late", 0.3) } },
      ],
    }),
  );
  runId = run.id;
});
afterAll(async () => seeded?.dispose());

describe("GET /runs/{id}/partition", () => {
  it("gathers the areas from the cells, and the per-voxel rows on request", async () => {
    const res = await app.request(`/runs/${runId}/partition`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      definition: string;
      layers: string[];
      areas: {
        roi: string;
        uniqueLayers: string[];
        layers: { layer: string; unique: { value: number } }[];
      }[];
      voxels?: unknown;
    };
    expect(body.definition).toBe(PARTITION_DEFINITION);
    expect(body.layers).toEqual(["early", "late"]);
    expect(
      body.areas.map((a) => [a.roi, a.uniqueLayers, a.layers.map((l) => [l.layer, l.unique.value])]),
    ).toEqual([
      [
        "V1",
        ["late"],
        [
          ["early", 0.01],
          ["late", 0.3],
        ],
      ],
    ]);
    expect(body.voxels).toBeUndefined();
    const withVoxels = (await (
      await app.request(`/runs/${runId.slice(0, 8)}/partition?voxels=true`)
    ).json()) as { voxels: { rows: string[]; values: (number | null)[][] } };
    expect(withVoxels.voxels.rows[2]).toBe("unique:early");
    expect(withVoxels.voxels.values[2]).toEqual([Math.fround(0.06), Math.fround(0.07), null]);
  });

  it("answers 404 for a run without a partition and 400 for a bad query", async () => {
    const plain = await app.request(`/runs/${seeded.runs[0]!.id}/partition`);
    expect(plain.status).toBe(404);
    expect(((await plain.json()) as { error: { message: string } }).error.message).toMatch(
      /has no variance partition \(made by `map --joint`\)/,
    );
    expect((await app.request(`/runs/${runId}/partition?voxels=maybe`)).status).toBe(400);
  });

  it("the store refuses a partition array its metrics do not describe", async () => {
    const run = runLike(seeded.runs[0]!, metrics(0.1));
    const array = { dtype: "float32" as const, shape: [2, 3], data: new Float32Array(6) };
    await expect(
      seeded.store.transaction((tx) => tx.runs.create({ run, arrays: { partition: array } })),
    ).rejects.toThrow(
      /run array "partition" has shape \(2, 3\) but metrics.partitionRows does not name its rows/,
    );
    // rows named but the wrong voxel count (the dataset has 3 voxels)
    await expect(
      seeded.store.transaction((tx) =>
        tx.runs.create({
          run: { ...run, metrics: { ...run.metrics, partitionRows: ["joint", "alpha"] } },
          arrays: { partition: { ...array, shape: [2, 4], data: new Float32Array(8) } },
        }),
      ),
    ).rejects.toThrow(/run array "partition"/);
  });
});
