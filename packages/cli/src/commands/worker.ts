import type { Command } from "commander";
import { NtError } from "@neurotranslator/data/errors";
import type { Store } from "@neurotranslator/data";
import type { JobQueue } from "@neurotranslator/data/jobs";
import { executeJob } from "@neurotranslator/app/jobs";
import { withStore } from "../context.ts";
import { note } from "../output.ts";
import { integerOption } from "../flags.ts";
import { linalgBackend, modelLocations } from "./run/flags.ts";

interface WorkerFlags {
  concurrency: number;
  permutations: number;
  bootstrap: number;
  maxJobs?: number;
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("execute queued run and sweep jobs (from the embedded store's server or DATABASE_URL's)")
    .option(
      "--concurrency <n>",
      "jobs run at once by this process",
      integerOption("--concurrency", { min: 1 }),
      1,
    )
    .option(
      "--permutations <n>",
      "permutations for the nulls of every run",
      integerOption("--permutations", { min: 0 }),
      1000,
    )
    .option(
      "--bootstrap <n>",
      "bootstrap resamples for the CIs of every run",
      integerOption("--bootstrap", { min: 0 }),
      1000,
    )
    .option(
      "--max-jobs <n>",
      "exit after this many jobs (default: run until SIGINT / SIGTERM)",
      integerOption("--max-jobs", { min: 1 }),
    )
    .action(async (opts: WorkerFlags, command: Command) => {
      await withStore(command, async (store) => {
        const url = store.connectionUrl();
        if (url === undefined)
          throw new NtError(
            "BAD_INPUT",
            `worker: the job queue lives in a PostgreSQL server, and store ${store.describe().location} is PGlite (open it with --store-engine postgres, a new store directory, or DATABASE_URL)`,
          );
        const { openJobQueue } = await import("@neurotranslator/data/jobs");
        const queue = await openJobQueue(url, { onError: (e) => note(`worker: job queue: ${e.message}`) });
        let stop: () => void = () => undefined;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        const workers = await startWorkers(store, queue, { ...opts, onMaxJobs: stop });
        const onSignal = () => {
          note("worker: stopping (running jobs get 30 s, then go back to the queue)");
          stop();
        };
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
        await stopped;
        await queue.stop({ graceful: true });
        note(`worker: stopped after ${workers.finished()} jobs`);
      });
    });
}

/**
 * Starts `concurrency` pollers on `queue` that execute its run and sweep jobs on `store` (used by
 * `worker` and by `serve --workers N`). The caller stops the queue to stop them.
 */
export async function startWorkers(
  store: Store,
  queue: JobQueue,
  opts: WorkerFlags & { onMaxJobs?: () => void },
): Promise<{ finished(): number }> {
  const backend = await linalgBackend();
  note(
    `worker: ${opts.concurrency} at a time on ${store.describe().location}; linear algebra: ${backend.description}`,
  );
  let finished = 0;
  await queue.work(
    async (job) => {
      try {
        const evaluation = { permutations: opts.permutations, bootstrap: opts.bootstrap };
        return await executeJob(store, job, {
          base: { backend, models: modelLocations() },
          evaluation,
          note,
        });
      } finally {
        finished++;
        if (opts.maxJobs !== undefined && finished >= opts.maxJobs) opts.onMaxJobs?.();
      }
    },
    { concurrency: opts.concurrency },
  );
  return { finished: () => finished };
}
