import { and, asc, eq, inArray } from "drizzle-orm";
import { NtError } from "@neurotranslator/schema";
import { NewFeatureSet, type FeatureLayer, type FeatureSet, type NdArray } from "@neurotranslator/schema";
import { deleteOrphanArrays, getArray, putArray } from "./array-store.ts";
import type { Connection } from "./driver.ts";
import { parseRecord, storeError, type Scope } from "./scope.ts";
import { FLOAT_DTYPES, checkDtype, checkShape } from "./shape-check.ts";
import { datasets, featureLayers, featureSets, runArrays, runs } from "./tables.ts";

/** One layer's features: train [nTrain, D] and test [nTest, D] of the feature set's dataset. */
export interface FeatureLayerInput {
  layer: string;
  train: NdArray;
  test: NdArray;
}

export interface FeatureSetInput {
  featureSet: NewFeatureSet;
  /** One entry per name in `featureSet.layers`, in the same order. */
  layers: FeatureLayerInput[];
}

export interface FeatureSetRepository {
  /** Stores a feature set and its matrices atomically; CONFLICT if the name (per dataset) or cache key is taken. */
  create(input: FeatureSetInput): Promise<FeatureSet>;
  /** The feature set `name` of dataset `datasetId`; NOT_FOUND if there is none. */
  get(datasetId: string, name: string): Promise<FeatureSet>;
  getById(id: string): Promise<FeatureSet>;
  findByCacheKey(cacheKey: string): Promise<FeatureSet | undefined>;
  /** Feature sets of one dataset (or all), by name. */
  list(datasetId?: string): Promise<FeatureSet[]>;
  /** The stored layers (dims and array ids), in the feature set's layer order. */
  layers(featureSetId: string): Promise<FeatureLayer[]>;
  /** One layer's matrices: train [nTrain, D], test [nTest, D]. */
  layerArrays(featureSetId: string, layer: string): Promise<{ train: NdArray; test: NdArray }>;
  /** Deletes the feature set, its matrices and the runs fitted on it. */
  remove(id: string): Promise<void>;
}

async function byId(conn: Connection, id: string): Promise<FeatureSet> {
  const [row] = await conn.db.select().from(featureSets).where(eq(featureSets.id, id));
  if (row === undefined) throw new NtError("NOT_FOUND", `feature set ${id} does not exist`);
  return row;
}

export function featureSetRepository(scope: Scope): FeatureSetRepository {
  return {
    async create(input) {
      const featureSet = parseRecord(NewFeatureSet, input.featureSet, "feature set");
      const what = `feature set "${featureSet.name}"`;
      const given = input.layers.map((l) => l.layer);
      if (given.join("\n") !== featureSet.layers.join("\n")) {
        throw new NtError(
          "BAD_INPUT",
          `${what}: layers [${given.join(", ")}] do not match its layer list [${featureSet.layers.join(", ")}]`,
        );
      }
      return scope.atomic(async (conn) => {
        const [dataset] = await conn.db.select().from(datasets).where(eq(datasets.id, featureSet.datasetId));
        if (dataset === undefined)
          throw new NtError("NOT_FOUND", `${what}: dataset ${featureSet.datasetId} does not exist`);
        for (const { layer, train, test } of input.layers) {
          const w = `${what} layer "${layer}"`;
          checkShape(train, [dataset.nTrain, null], `${w} train`);
          const dim = train.shape[1] ?? 0;
          checkShape(test, [dataset.nTest, dim], `${w} test`);
          checkDtype(train, FLOAT_DTYPES, `${w} train`);
          checkDtype(test, FLOAT_DTYPES, `${w} test`);
          if (dim === 0) throw new NtError("BAD_INPUT", `${w}: feature dimension is 0`);
        }
        const [sameName] = await conn.db
          .select()
          .from(featureSets)
          .where(and(eq(featureSets.datasetId, dataset.id), eq(featureSets.name, featureSet.name)));
        if (sameName !== undefined)
          throw new NtError(
            "CONFLICT",
            `${what}: dataset "${dataset.name}" already has a feature set of that name`,
          );
        const [sameKey] = await conn.db
          .select()
          .from(featureSets)
          .where(eq(featureSets.cacheKey, featureSet.cacheKey));
        if (sameKey !== undefined) {
          throw new NtError(
            "CONFLICT",
            `${what}: the same extraction (cache key ${featureSet.cacheKey}) is already stored as feature set "${sameKey.name}"`,
            {
              details: { existing: sameKey.name, id: sameKey.id },
            },
          );
        }
        try {
          const [row] = await conn.db.insert(featureSets).values(featureSet).returning();
          if (row === undefined) throw new NtError("STORE", `${what}: insert returned no row`);
          for (const { layer, train, test } of input.layers) {
            const trainArrayId = await putArray(conn, train, `${what} layer "${layer}" train`);
            const testArrayId = await putArray(conn, test, `${what} layer "${layer}" test`);
            await conn.db.insert(featureLayers).values({
              featureSetId: row.id,
              layer,
              dim: train.shape[1] ?? 0,
              trainArrayId,
              testArrayId,
            });
          }
          return row;
        } catch (error) {
          throw storeError(
            error,
            `storing ${what}`,
            `${what}: its name or cache key was stored concurrently by another writer`,
          );
        }
      });
    },
    async get(datasetId, name) {
      const [row] = await scope.conn.db
        .select()
        .from(featureSets)
        .where(and(eq(featureSets.datasetId, datasetId), eq(featureSets.name, name)));
      if (row === undefined)
        throw new NtError("NOT_FOUND", `feature set "${name}" does not exist for dataset ${datasetId}`);
      return row;
    },
    getById: (id) => byId(scope.conn, id),
    async findByCacheKey(cacheKey) {
      const [row] = await scope.conn.db.select().from(featureSets).where(eq(featureSets.cacheKey, cacheKey));
      return row;
    },
    list: (datasetId) =>
      scope.conn.db
        .select()
        .from(featureSets)
        .where(datasetId === undefined ? undefined : eq(featureSets.datasetId, datasetId))
        .orderBy(asc(featureSets.name)),
    async layers(featureSetId) {
      const fs = await byId(scope.conn, featureSetId);
      const rows = await scope.conn.db
        .select()
        .from(featureLayers)
        .where(eq(featureLayers.featureSetId, featureSetId));
      return fs.layers.flatMap((name) => rows.filter((r) => r.layer === name));
    },
    async layerArrays(featureSetId, layer) {
      const [row] = await scope.conn.db
        .select()
        .from(featureLayers)
        .where(and(eq(featureLayers.featureSetId, featureSetId), eq(featureLayers.layer, layer)));
      if (row === undefined)
        throw new NtError("NOT_FOUND", `feature set ${featureSetId} has no layer "${layer}"`);
      return {
        train: await getArray(scope.conn, row.trainArrayId),
        test: await getArray(scope.conn, row.testArrayId),
      };
    },
    async remove(id) {
      await scope.atomic(async (conn) => {
        await byId(conn, id);
        const layers = await conn.db.select().from(featureLayers).where(eq(featureLayers.featureSetId, id));
        const runIds = conn.db.select({ id: runs.id }).from(runs).where(eq(runs.featureSetId, id));
        const results = await conn.db
          .select({ id: runArrays.arrayId })
          .from(runArrays)
          .where(inArray(runArrays.runId, runIds));
        await conn.db.delete(featureSets).where(eq(featureSets.id, id));
        await deleteOrphanArrays(conn, [
          ...layers.flatMap((l) => [l.trainArrayId, l.testArrayId]),
          ...results.map((r) => r.id),
        ]);
      });
    },
  };
}
