import PgBoss from "pg-boss";
import { NtError } from "@neurotranslator/schema";
import type { JsonObject, ProgressEvent } from "@neurotranslator/schema";
import { parseRecord } from "../store/scope.ts";
import { isDeterministic, jobFailure, publicOutput } from "./failure.ts";
import { forbidRetry, holdLease } from "./lease.ts";
import { settleJobsSafely } from "./settle-jobs.ts";
import { JobPayload, QueuedBy, RunRequest, SweepRequest, type JobKind, type JobStatus } from "./requests.ts";
import { PROGRESS_TABLE_SQL, jobProgressOf, readProgress, writeProgress } from "./progress.ts";

/** The one pg-boss queue all NeuroTranslator jobs go through. */
export const JOB_QUEUE_NAME = "neurotranslator-jobs";

/**
 * Retry policy. A running job holds a lease its worker renews every `renewSeconds` (lease.ts); when
 * the worker dies, the job expires `leaseSeconds` after the last renewal, pg-boss's maintenance
 * (every `maintenanceIntervalSeconds`, on any live instance: a worker or `serve`) finds it and puts
 * it back for retry after `retryDelaySeconds` (1-2x, doubling per retry), up to `retryLimit`
 * retries: with the defaults a killed worker's job runs again within about a minute
 * (30 + 10 + 10 + polling). Failures a retry cannot fix (NtError BAD_INPUT, FORMAT, NOT_FOUND, LIMIT,
 * NUMERIC, CONFLICT) are not retried. `expireInSeconds` is the longest any job may run.
 */
export interface JobQueueOptions {
  /** The longest a job may run, renewals included (default 2 h). */
  expireInSeconds?: number;
  /** How long a job stays active after its worker's last renewal (default 30 s). */
  leaseSeconds?: number;
  /** How often a worker renews the lease of each running job (default 10 s). */
  renewSeconds?: number;
  /** Default 3. */
  retryLimit?: number;
  /** Seconds before the first retry, doubled each time (default 5). */
  retryDelaySeconds?: number;
  /** How often expired jobs are looked for (default 10 s). */
  maintenanceIntervalSeconds?: number;
  /** How often an idle worker asks for a job (default 2 s, at least 0.5). */
  pollingIntervalSeconds?: number;
  /** Connections in this instance's pool (default 4). */
  maxConnections?: number;
  /** pg-boss errors seen in the background (maintenance, polling); default: a process warning. */
  onError?: (error: Error) => void;
}

/** What a handler gets: the validated request, and a way to report progress. */
export interface JobContext {
  id: string;
  kind: JobKind;
  request: RunRequest | SweepRequest;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Records the event as the job's progress (its share done and its stage), readable through `status`. */
  reportProgress(event: ProgressEvent): Promise<void>;
}

/** Runs one job; its resolved value (e.g. `{ runId }`) is stored as the job's output. Throwing fails the attempt. */
export type JobHandler = (job: JobContext) => Promise<JsonObject>;

export interface EnqueueOptions {
  /** The API token the request came with (recorded with the job). */
  queuedBy?: QueuedBy;
}

export interface JobQueue {
  /** Validates and queues a run; returns the job id. BAD_INPUT naming the field if the request is invalid. */
  enqueueRun(request: unknown, options?: EnqueueOptions): Promise<string>;
  enqueueSweep(request: unknown, options?: EnqueueOptions): Promise<string>;
  /** The job's state, progress and output; NOT_FOUND if there is no such job. */
  status(jobId: string): Promise<JobStatus>;
  /** Starts `concurrency` pollers (default 1) that take jobs one at a time and run `handler`. */
  work(handler: JobHandler, options?: { concurrency?: number }): Promise<void>;
  /** Stops polling; a graceful stop (default) waits up to `timeoutMs` for running jobs, then fails them for retry. */
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function queueError(error: unknown, doing: string): NtError {
  if (error instanceof NtError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new NtError("STORE", `job queue: ${doing} failed: ${message}`, {
    cause: error,
  });
}

/**
 * Opens the job queue on a PostgreSQL server (pg-boss; it creates its `pgboss` schema on first
 * use). Several processes on several machines may open it on the same database: each job is
 * handed to one worker at a time (SELECT ... FOR UPDATE SKIP LOCKED inside pg-boss).
 */
export async function openJobQueue(databaseUrl: string, options: JobQueueOptions = {}): Promise<JobQueue> {
  const policy = {
    retryLimit: options.retryLimit ?? 3,
    retryDelay: options.retryDelaySeconds ?? 5,
    retryBackoff: true,
    expireInSeconds: options.expireInSeconds ?? 2 * 60 * 60,
  };
  const lease = {
    leaseSeconds: options.leaseSeconds ?? 30,
    renewSeconds: options.renewSeconds ?? 10,
    maxSeconds: policy.expireInSeconds,
  };
  if (!(lease.renewSeconds > 0 && lease.renewSeconds < lease.leaseSeconds)) {
    throw new NtError(
      "BAD_INPUT",
      `job queue: renewSeconds (${lease.renewSeconds}) must be positive and below leaseSeconds (${lease.leaseSeconds})`,
    );
  }
  const reportError =
    options.onError ?? ((error: Error) => process.emitWarning(`job queue: ${error.message}`));
  settleJobsSafely();
  const boss = new PgBoss({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 4,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 10,
    schedule: false,
    application_name: "neurotranslator-jobs",
  });
  boss.on("error", reportError);
  try {
    await boss.start();
    const db = boss.getDb();
    await db.executeSql(PROGRESS_TABLE_SQL, []).catch((error: unknown) => {
      // Two workers starting together may both try to create the table; one wins.
      if (!/already exists|duplicate key/.test((error as Error).message)) throw error;
    });
    if ((await boss.getQueue(JOB_QUEUE_NAME)) === null) {
      await boss
        .createQueue(JOB_QUEUE_NAME, {
          name: JOB_QUEUE_NAME,
          policy: "standard",
          ...policy,
        })
        .catch(async (error: unknown) => {
          if ((await boss.getQueue(JOB_QUEUE_NAME)) === null) throw error;
        });
    } else {
      await boss.updateQueue(JOB_QUEUE_NAME, {
        name: JOB_QUEUE_NAME,
        ...policy,
      });
    }
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    throw queueError(error, "starting");
  }
  const db = boss.getDb();

  async function enqueue(payload: JobPayload): Promise<string> {
    try {
      const id = await boss.send(JOB_QUEUE_NAME, payload);
      if (id === null) throw new NtError("INTERNAL", "job queue: pg-boss accepted no job");
      return id;
    } catch (error) {
      throw queueError(error, `queueing a ${payload.kind}`);
    }
  }

  return {
    enqueueRun: async (request, { queuedBy } = {}) =>
      enqueue({
        kind: "run",
        request: parseRecord(RunRequest, request, "run request"),
        ...(queuedBy === undefined ? {} : { queuedBy: parseRecord(QueuedBy, queuedBy, "queuedBy") }),
      }),
    enqueueSweep: async (request, { queuedBy } = {}) =>
      enqueue({
        kind: "sweep",
        request: parseRecord(SweepRequest, request, "sweep request"),
        ...(queuedBy === undefined ? {} : { queuedBy: parseRecord(QueuedBy, queuedBy, "queuedBy") }),
      }),

    async status(jobId) {
      if (!UUID.test(jobId))
        throw new NtError("NOT_FOUND", `job ${JSON.stringify(jobId.slice(0, 80))} does not exist`);
      let job: PgBoss.JobWithMetadata<JobPayload> | null;
      try {
        job = await boss.getJobById<JobPayload>(JOB_QUEUE_NAME, jobId, {
          includeArchive: true,
        });
      } catch (error) {
        throw queueError(error, `reading job ${jobId}`);
      }
      if (job === null) throw new NtError("NOT_FOUND", `job ${jobId} does not exist`);
      const output = job.output as JsonObject | null | undefined;
      return {
        id: job.id,
        kind: job.data.kind,
        state: job.state,
        request: job.data.request,
        queuedBy: job.data.queuedBy ?? null,
        retryCount: job.retryCount,
        retryLimit: job.retryLimit,
        createdAt: job.createdOn,
        startedAt: job.startedOn ?? null,
        completedAt: job.completedOn,
        progress: await readProgress(db, jobId),
        output: publicOutput(output),
      };
    },

    async work(handler, { concurrency = 1 } = {}) {
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw new NtError(
          "BAD_INPUT",
          `job queue: concurrency must be an integer in 1..64, got ${concurrency}`,
        );
      }
      for (let i = 0; i < concurrency; i++) {
        await boss.work<JobPayload>(
          JOB_QUEUE_NAME,
          {
            batchSize: 1,
            includeMetadata: true,
            pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
          },
          async ([job]) => {
            if (job === undefined) return undefined;
            const stopLease = await holdLease(db, JOB_QUEUE_NAME, job.id, lease, reportError);
            try {
              const payload = parseRecord(JobPayload, job.data, `job ${job.id} payload`);
              return await handler({
                id: job.id,
                kind: payload.kind,
                request: payload.request,
                retryCount: job.retryCount,
                reportProgress: (event) => {
                  const { fraction, message } = jobProgressOf(event);
                  return writeProgress(db, job.id, fraction, message);
                },
              });
            } catch (error) {
              if (isDeterministic(error)) await forbidRetry(db, JOB_QUEUE_NAME, job.id).catch(reportError);
              // what pg-boss stores as the output: { error: { code, message } }, no stack
              throw jobFailure(error);
            } finally {
              stopLease();
            }
          },
        );
      }
    },

    async stop({ graceful = true, timeoutMs = 30_000 } = {}) {
      await boss.stop({ graceful, timeout: timeoutMs, wait: true });
    },
  };
}
