import { and, arrayContains, asc, desc, eq } from "drizzle-orm";
import { NtError, formatShape } from "@neurotranslator/schema";
import {
  NewImageResult,
  NewMapCell,
  NewRun,
  RUN_ARRAY_ROLES,
  runArrayShape,
  type ImageResult,
  type MapCell,
  type NdArray,
  type Run,
  type RunArrayRole,
} from "@neurotranslator/schema";
import { deleteOrphanArrays, getArray, putArray } from "./array-store.ts";
import type { Connection } from "./driver.ts";
import { parseRecord, storeError, type Scope } from "./scope.ts";
import { resolveRunId } from "./run-id.ts";
import { FLOAT_DTYPES, checkDtype, checkShape } from "./shape-check.ts";
import { datasets, featureLayers, featureSets, mapCells, runArrays, runImages, runs } from "./tables.ts";

/** A finished run with its results: per-image scores, arrays (predictions [nTest, D]; featureR, r2, alpha [D]; nullSamples [nMetrics, nPermutations]), map cells. */
export interface RunInput {
  run: NewRun;
  /** The queue job storing this run: if a run of that job is already stored, it is returned instead of a second one. */
  jobId?: string;
  images?: NewImageResult[];
  arrays?: Partial<Record<RunArrayRole, NdArray>>;
  mapCells?: NewMapCell[];
}

export interface RunRepository {
  /** Validates and stores a run with all its results atomically. */
  create(input: RunInput): Promise<Run>;
  /** The run with id `id`, or whose id starts with `id` (a unique prefix, at least 4 characters). NOT_FOUND if none. */
  get(id: string): Promise<Run>;
  /** Runs, newest first (ties by id), filtered and paged as `filter` says. */
  list(filter?: RunFilter): Promise<Run[]>;
  /** The run stored by queue job `jobId`, if any. */
  findByJob(jobId: string): Promise<Run | undefined>;
  /** Per-image results, by image index. */
  images(runId: string): Promise<ImageResult[]>;
  /** One stored result array; NOT_FOUND if the run has none in that role. */
  array(runId: string, role: RunArrayRole): Promise<NdArray>;
  mapCells(runId: string): Promise<MapCell[]>;
  /** Deletes the run (id or unique prefix) and its results. */
  remove(id: string): Promise<void>;
}

/** Which runs `list` returns: equality filters (`roi`: the run's areas include it), then offset and limit. */
export interface RunFilter {
  datasetId?: string;
  featureSetId?: string;
  solver?: string;
  layer?: string;
  roi?: string;
  limit?: number;
  offset?: number;
}

const INSERT_BATCH = 1000;

/** The run `ref` names: its id or a unique prefix of it (see resolveRunId). */
async function byId(conn: Connection, ref: string): Promise<Run> {
  const id = await resolveRunId(conn, ref);
  const [row] = await conn.db.select().from(runs).where(eq(runs.id, id));
  if (row === undefined) throw new NtError("NOT_FOUND", `run ${id} does not exist`);
  return row;
}

async function checkAgainstInputs(conn: Connection, input: RunInput, run: NewRun): Promise<void> {
  const [dataset] = await conn.db.select().from(datasets).where(eq(datasets.id, run.datasetId));
  if (dataset === undefined) throw new NtError("NOT_FOUND", `run: dataset ${run.datasetId} does not exist`);
  if (dataset.contentHash !== run.datasetHash) {
    throw new NtError(
      "CONFLICT",
      `run: datasetHash ${run.datasetHash} differs from dataset "${dataset.name}" content hash ${dataset.contentHash}`,
    );
  }
  const [fs] = await conn.db.select().from(featureSets).where(eq(featureSets.id, run.featureSetId));
  if (fs === undefined || fs.datasetId !== dataset.id) {
    throw new NtError(
      "NOT_FOUND",
      `run: feature set ${run.featureSetId} does not exist for dataset "${dataset.name}"`,
    );
  }
  const [layer] = await conn.db
    .select()
    .from(featureLayers)
    .where(and(eq(featureLayers.featureSetId, fs.id), eq(featureLayers.layer, run.config.layer)));
  if (layer === undefined) {
    throw new NtError(
      "BAD_INPUT",
      `run: config field "layer" is "${run.config.layer}", not one of feature set "${fs.name}" layers [${fs.layers.join(", ")}]`,
    );
  }
  for (const [role, array] of Object.entries(input.arrays ?? {}) as [RunArrayRole, NdArray | undefined][]) {
    if (!RUN_ARRAY_ROLES.includes(role)) throw new NtError("BAD_INPUT", `run: unknown array role "${role}"`);
    if (array === undefined) continue;
    const shape = runArrayShape(role, {
      nTest: dataset.nTest,
      dim: layer.dim,
      nVoxels: dataset.nVoxels,
      metrics: run.metrics,
    });
    if (shape === null)
      throw new NtError(
        "BAD_INPUT",
        role === "partition"
          ? `run array "partition" has shape ${formatShape(array.shape)} but metrics.partitionRows does not name its rows`
          : `run array "${role}" has shape ${formatShape(array.shape)} but metrics.nullSampleMetrics does not name its rows (or nPermutations is ${run.metrics.nPermutations})`,
      );
    checkShape(array, shape, `run array "${role}"`);
    checkDtype(array, FLOAT_DTYPES, `run array "${role}"`);
  }
  for (const image of input.images ?? []) {
    if (image.imageIndex >= dataset.nTest || image.rank > dataset.nTest) {
      throw new NtError(
        "BAD_INPUT",
        `run: image result ${image.imageIndex} (rank ${image.rank}) is outside the ${dataset.nTest} test images`,
      );
    }
  }
}

export function runRepository(scope: Scope): RunRepository {
  return {
    async create(input) {
      const run = parseRecord(NewRun, input.run, "run");
      const images = (input.images ?? []).map((r, i) =>
        parseRecord(NewImageResult, r, `run image result ${i}`),
      );
      const cells = (input.mapCells ?? []).map((c, i) => parseRecord(NewMapCell, c, `run map cell ${i}`));
      return scope.atomic(async (conn) => {
        if (input.jobId !== undefined) {
          const [done] = await conn.db.select().from(runs).where(eq(runs.jobId, input.jobId));
          if (done !== undefined) return done;
        }
        await checkAgainstInputs(conn, { ...input, images }, run);
        try {
          const { layer, rois, solver } = run.config;
          const [row] = await conn.db
            .insert(runs)
            .values({
              ...run,
              layer,
              rois,
              solver: solver.name,
              status: "complete",
              jobId: input.jobId ?? null,
            })
            .returning();
          if (row === undefined) throw new NtError("STORE", "run: insert returned no row");
          for (let i = 0; i < images.length; i += INSERT_BATCH) {
            await conn.db
              .insert(runImages)
              .values(images.slice(i, i + INSERT_BATCH).map((r) => ({ ...r, runId: row.id })));
          }
          for (let i = 0; i < cells.length; i += INSERT_BATCH) {
            await conn.db
              .insert(mapCells)
              .values(cells.slice(i, i + INSERT_BATCH).map((c) => ({ ...c, runId: row.id })));
          }
          for (const [role, array] of Object.entries(input.arrays ?? {}) as [
            RunArrayRole,
            NdArray | undefined,
          ][]) {
            if (array === undefined) continue;
            const arrayId = await putArray(conn, array, `run array "${role}"`);
            await conn.db.insert(runArrays).values({ runId: row.id, role, arrayId });
          }
          return row;
        } catch (error) {
          throw storeError(
            error,
            "storing a run",
            input.jobId === undefined
              ? "run: an image index or map cell repeats"
              : `run: job ${input.jobId} has already stored its run, or an image index or map cell repeats`,
          );
        }
      });
    },
    get: (id) => byId(scope.conn, id),
    list: (filter = {}) => {
      const query = scope.conn.db
        .select()
        .from(runs)
        .where(
          and(
            filter.datasetId === undefined ? undefined : eq(runs.datasetId, filter.datasetId),
            filter.featureSetId === undefined ? undefined : eq(runs.featureSetId, filter.featureSetId),
            filter.solver === undefined ? undefined : eq(runs.solver, filter.solver),
            filter.layer === undefined ? undefined : eq(runs.layer, filter.layer),
            filter.roi === undefined ? undefined : arrayContains(runs.rois, [filter.roi]),
          ),
        )
        .orderBy(desc(runs.createdAt), asc(runs.id))
        .offset(filter.offset ?? 0);
      return filter.limit === undefined ? query : query.limit(filter.limit);
    },
    async findByJob(jobId) {
      const [row] = await scope.conn.db.select().from(runs).where(eq(runs.jobId, jobId));
      return row;
    },
    images: (runId) =>
      scope.conn.db
        .select()
        .from(runImages)
        .where(eq(runImages.runId, runId))
        .orderBy(asc(runImages.imageIndex)),
    async array(runId, role) {
      const [link] = await scope.conn.db
        .select()
        .from(runArrays)
        .where(and(eq(runArrays.runId, runId), eq(runArrays.role, role)));
      if (link === undefined) throw new NtError("NOT_FOUND", `run ${runId} has no array "${role}"`);
      return getArray(scope.conn, link.arrayId);
    },
    mapCells: (runId) =>
      scope.conn.db
        .select()
        .from(mapCells)
        .where(eq(mapCells.runId, runId))
        .orderBy(asc(mapCells.roi), asc(mapCells.layer)),
    async remove(ref) {
      await scope.atomic(async (conn) => {
        const { id } = await byId(conn, ref);
        const links = await conn.db.select().from(runArrays).where(eq(runArrays.runId, id));
        await conn.db.delete(runs).where(eq(runs.id, id));
        await deleteOrphanArrays(
          conn,
          links.map((l) => l.arrayId),
        );
      });
    },
  };
}
