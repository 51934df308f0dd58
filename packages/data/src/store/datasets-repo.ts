import { and, asc, eq, inArray } from "drizzle-orm";
import { NtError } from "@neurotranslator/schema";
import {
  DATASET_ARRAY_ROLES,
  EntityName,
  NewDataset,
  NewRoi,
  REQUIRED_DATASET_ARRAY_ROLES,
  expectedDatasetArrayShape,
  type Dataset,
  type DatasetArrayRole,
  type NdArray,
  type Roi,
} from "@neurotranslator/schema";
import { deleteOrphanArrays, getArray, putArray } from "./array-store.ts";
import type { Connection } from "./driver.ts";
import { parseRecord, storeError, type Scope } from "./scope.ts";
import { FLOAT_DTYPES, INT_DTYPES, checkDtype, checkShape } from "./shape-check.ts";
import { datasetArrays, datasets, featureLayers, featureSets, rois, runArrays, runs } from "./tables.ts";

/** Everything needed to store a dataset; arrays by role with the shapes of `DatasetArrayRole`. */
export interface DatasetInput {
  dataset: NewDataset;
  rois: NewRoi[];
  arrays: Partial<Record<DatasetArrayRole, NdArray>>;
}

export interface DatasetRepository {
  /** Validates and stores a dataset with its ROIs and arrays atomically; CONFLICT if the name or content hash is taken. */
  create(input: DatasetInput): Promise<Dataset>;
  /** The dataset called `name`; NOT_FOUND if there is none. */
  get(name: string): Promise<Dataset>;
  find(name: string): Promise<Dataset | undefined>;
  getById(id: string): Promise<Dataset>;
  findByContentHash(contentHash: string): Promise<Dataset | undefined>;
  /** All datasets, by name. */
  list(): Promise<Dataset[]>;
  /** The dataset's areas, by code. */
  rois(datasetId: string): Promise<Roi[]>;
  /** The roles of the arrays the dataset has. */
  arrayRoles(datasetId: string): Promise<DatasetArrayRole[]>;
  /**
   * One array of the dataset; NOT_FOUND if it has none in that role. `as: "float32"` reads a
   * float64 array as float32 without making the float64 copy (analyses compute in float32).
   */
  array(datasetId: string, role: DatasetArrayRole, options?: { as?: "float32" }): Promise<NdArray>;
  /** Deletes the dataset with its ROIs, arrays, feature sets and runs; NOT_FOUND if there is none. */
  remove(name: string): Promise<void>;
}

function validate(input: DatasetInput): {
  dataset: NewDataset;
  rois: NewRoi[];
} {
  const dataset = parseRecord(NewDataset, input.dataset, "dataset");
  const what = `dataset "${dataset.name}"`;
  const roiList = input.rois.map((roi, i) => parseRecord(NewRoi, roi, `${what} roi ${i}`));
  const codes = new Set(roiList.map((r) => r.code));
  if (codes.size !== roiList.length) throw new NtError("BAD_INPUT", `${what}: ROI codes repeat`);
  for (const role of REQUIRED_DATASET_ARRAY_ROLES) {
    if (input.arrays[role] === undefined)
      throw new NtError("BAD_INPUT", `${what}: array "${role}" is missing`);
  }
  for (const [role, array] of Object.entries(input.arrays) as [DatasetArrayRole, NdArray | undefined][]) {
    if (!DATASET_ARRAY_ROLES.includes(role))
      throw new NtError("BAD_INPUT", `${what}: unknown array role "${role}"`);
    if (array === undefined) continue;
    checkShape(array, expectedDatasetArrayShape(role, dataset), `${what} array "${role}"`);
    if (role.startsWith("responses") || role.startsWith("repeats"))
      checkDtype(array, FLOAT_DTYPES, `${what} array "${role}"`);
    if (role === "roi") checkDtype(array, INT_DTYPES, `${what} array "roi"`);
    if (role.startsWith("labels")) checkDtype(array, ["unicode"], `${what} array "${role}"`);
  }
  return { dataset, rois: roiList };
}

async function findBy(conn: Connection, column: "name" | "id" | "contentHash", value: string) {
  const [row] = await conn.db.select().from(datasets).where(eq(datasets[column], value));
  return row;
}

/** Array ids owned by the dataset directly or through its feature sets and runs. */
async function ownedArrayIds(conn: Connection, datasetId: string): Promise<string[]> {
  const { db } = conn;
  const direct = await db
    .select({ id: datasetArrays.arrayId })
    .from(datasetArrays)
    .where(eq(datasetArrays.datasetId, datasetId));
  const fsIds = db
    .select({ id: featureSets.id })
    .from(featureSets)
    .where(eq(featureSets.datasetId, datasetId));
  const layers = await db.select().from(featureLayers).where(inArray(featureLayers.featureSetId, fsIds));
  const runIds = db.select({ id: runs.id }).from(runs).where(eq(runs.datasetId, datasetId));
  const results = await db
    .select({ id: runArrays.arrayId })
    .from(runArrays)
    .where(inArray(runArrays.runId, runIds));
  return [
    ...direct.map((r) => r.id),
    ...layers.flatMap((l) => [l.trainArrayId, l.testArrayId]),
    ...results.map((r) => r.id),
  ];
}

export function datasetRepository(scope: Scope): DatasetRepository {
  const repo: DatasetRepository = {
    async create(input) {
      const { dataset, rois: roiList } = validate(input);
      const what = `dataset "${dataset.name}"`;
      return scope.atomic(async (conn) => {
        if ((await findBy(conn, "name", dataset.name)) !== undefined) {
          throw new NtError("CONFLICT", `${what}: the name is taken; remove it first or choose another name`);
        }
        const same = await findBy(conn, "contentHash", dataset.contentHash);
        if (same !== undefined) {
          throw new NtError(
            "CONFLICT",
            `${what}: the same content (hash ${dataset.contentHash}) is already stored as dataset "${same.name}"`,
            {
              details: { existing: same.name },
            },
          );
        }
        try {
          const [row] = await conn.db.insert(datasets).values(dataset).returning();
          if (row === undefined) throw new NtError("STORE", `${what}: insert returned no row`);
          if (roiList.length > 0)
            await conn.db.insert(rois).values(roiList.map((r) => ({ ...r, datasetId: row.id })));
          for (const [role, array] of Object.entries(input.arrays) as [
            DatasetArrayRole,
            NdArray | undefined,
          ][]) {
            if (array === undefined) continue;
            const arrayId = await putArray(conn, array, `${what} array "${role}"`);
            await conn.db.insert(datasetArrays).values({ datasetId: row.id, role, arrayId });
          }
          return row;
        } catch (error) {
          throw storeError(
            error,
            `storing ${what}`,
            `${what}: its name or content hash was stored concurrently by another writer`,
          );
        }
      });
    },
    async get(name) {
      const row = await repo.find(name);
      if (row === undefined) throw await unknownDataset(scope.conn, name);
      return row;
    },
    async find(name) {
      parseRecord(EntityName, name, "dataset name");
      return findBy(scope.conn, "name", name);
    },
    async getById(id) {
      const row = await findBy(scope.conn, "id", id);
      if (row === undefined) throw new NtError("NOT_FOUND", `dataset with id ${id} does not exist`);
      return row;
    },
    findByContentHash: (contentHash) => findBy(scope.conn, "contentHash", contentHash),
    list: () => scope.conn.db.select().from(datasets).orderBy(asc(datasets.name)),
    rois: (datasetId) =>
      scope.conn.db.select().from(rois).where(eq(rois.datasetId, datasetId)).orderBy(asc(rois.code)),
    async arrayRoles(datasetId) {
      const rows = await scope.conn.db
        .select({ role: datasetArrays.role })
        .from(datasetArrays)
        .where(eq(datasetArrays.datasetId, datasetId));
      return rows.map((r) => r.role);
    },
    async array(datasetId, role, options) {
      const [link] = await scope.conn.db
        .select()
        .from(datasetArrays)
        .where(and(eq(datasetArrays.datasetId, datasetId), eq(datasetArrays.role, role)));
      if (link === undefined) throw new NtError("NOT_FOUND", `dataset ${datasetId} has no array "${role}"`);
      return getArray(scope.conn, link.arrayId, options);
    },
    async remove(name) {
      await scope.atomic(async (conn) => {
        const row = await findBy(conn, "name", name);
        if (row === undefined) throw await unknownDataset(conn, name);
        const owned = await ownedArrayIds(conn, row.id);
        // Cascades remove ROIs, links, feature sets, feature layers, runs and their results.
        await conn.db.delete(datasets).where(eq(datasets.id, row.id));
        await deleteOrphanArrays(conn, owned);
      });
    },
  };
  return repo;
}

/** NOT_FOUND for a dataset name, listing the names the store holds (as bad layers and areas do). */
async function unknownDataset(conn: Connection, name: string): Promise<NtError> {
  const names = (
    await conn.db.select({ name: datasets.name }).from(datasets).orderBy(asc(datasets.name))
  ).map((r) => r.name);
  const known =
    names.length === 0
      ? "the store holds no datasets yet (dataset import, fetch or simulate adds one)"
      : `datasets in this store: ${names.slice(0, 20).join(", ")}${names.length > 20 ? `, … (${names.length} in all)` : ""}`;
  return new NtError("NOT_FOUND", `dataset "${name}" does not exist; ${known}`);
}
