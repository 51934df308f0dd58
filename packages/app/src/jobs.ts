import { isDeterministic, oneLineMessage, shareProgress, type ProgressEvent } from "@neurotranslator/schema";
import type { JsonObject, Store } from "@neurotranslator/data";
import type { JobContext, RunRequest, SweepRequest } from "@neurotranslator/data/jobs";
import { executeRunRequest, type RunServiceOptions } from "./run.ts";
import { executeSweep, planSweep, sweepConfigFromRequest } from "./sweep.ts";

export interface JobOptions {
  /** Engine and model locations for every run of the job. */
  base: RunServiceOptions;
  /** Permutations and bootstrap resamples for every run of the job. */
  evaluation: { permutations: number; bootstrap: number };
  /** One line per event (started, done, failed) for the worker's log. */
  note: (message: string) => void;
}

/**
 * Executes one queued run or sweep job (what every worker does per job); progress goes to the queue
 * at most once a second. A retried job finds its stored runs by key and recomputes nothing.
 */
export async function executeJob(
  store: Store,
  job: JobContext,
  { base, evaluation, note }: JobOptions,
): Promise<JsonObject> {
  note(`worker: job ${job.id} (${job.kind}, attempt ${job.retryCount + 1}) started`);
  let last = 0;
  const onProgress = (event: ProgressEvent) => {
    if (Date.now() - last < 1000) return;
    last = Date.now();
    void job.reportProgress(event).catch(() => undefined);
  };
  try {
    if (job.kind === "run") {
      const outcome = await executeRunRequest(store, job.request as RunRequest, {
        ...base,
        ...evaluation,
        jobId: job.id,
        onProgress,
      });
      await job.reportProgress(shareProgress(outcome.reused ? "already stored" : "stored", 1));
      note(
        `worker: job ${job.id} done: run ${outcome.run.id}${outcome.reused ? " (stored by an earlier attempt)" : ""}`,
      );
      return { runId: outcome.run.id, reused: outcome.reused };
    }
    const points = await planSweep(store, sweepConfigFromRequest(job.request as SweepRequest, evaluation));
    const result = await executeSweep(store, points, { ...base, onProgress });
    await job.reportProgress(shareProgress(`${result.ran} ran, ${result.skipped} already done`, 1));
    note(
      `worker: job ${job.id} done: ${points.length} runs (${result.skipped} stored by an earlier attempt)`,
    );
    return { runIds: result.points.map((p) => p.run.id), ran: result.ran, skipped: result.skipped };
  } catch (error) {
    const final = isDeterministic(error) ? " (not retried: the request or its data must change)" : "";
    note(
      `worker: job ${job.id} failed${final}: ${oneLineMessage(error instanceof Error ? error.message : String(error))}`,
    );
    throw error;
  }
}
