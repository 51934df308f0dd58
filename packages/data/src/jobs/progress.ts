import type PgBoss from "pg-boss";
import { NtError, progressShare, type ProgressEvent } from "@neurotranslator/schema";
import type { JobProgress } from "./requests.ts";

/*
 * pg-boss keeps no progress of its own, so workers write it to this one small table beside pg-boss's
 * schema (a row per job, overwritten), created on first use like pg-boss's own tables.
 */
export const PROGRESS_TABLE_SQL = `create table if not exists neurotranslator_job_progress (
  job_id uuid primary key,
  fraction double precision not null check (fraction >= 0 and fraction <= 1),
  message text,
  updated_at timestamptz not null default now()
)`;

/**
 * What is stored of a progress event: its share done and its stage as the note. A job keeps one
 * record (the latest), not the stream of events: readers poll it for how far the whole job is.
 */
export function jobProgressOf(event: ProgressEvent): { fraction: number; message: string } {
  return { fraction: progressShare(event), message: event.stage };
}

export async function writeProgress(
  db: PgBoss.Db,
  jobId: string,
  fraction: number,
  message?: string,
): Promise<void> {
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new NtError("BAD_INPUT", `job ${jobId}: progress must be in [0, 1], got ${fraction}`);
  }
  await db.executeSql(
    `insert into neurotranslator_job_progress (job_id, fraction, message, updated_at) values ($1, $2, $3, now())
     on conflict (job_id) do update set fraction = excluded.fraction, message = excluded.message, updated_at = excluded.updated_at`,
    [jobId, fraction, message?.slice(0, 500) ?? null],
  );
}

export async function readProgress(db: PgBoss.Db, jobId: string): Promise<JobProgress | null> {
  const { rows } = await db.executeSql(
    "select fraction, message, updated_at from neurotranslator_job_progress where job_id = $1",
    [jobId],
  );
  const row = rows[0] as { fraction: number; message: string | null; updated_at: Date } | undefined;
  return row === undefined
    ? null
    : {
        fraction: row.fraction,
        message: row.message,
        updatedAt: row.updated_at,
      };
}
