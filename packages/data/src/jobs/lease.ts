import type PgBoss from "pg-boss";

/*
 * pg-boss (v10) has no heartbeat: an active job whose worker died is found only when
 * `started_on + expire_in` has passed, and `expire_in` is also the longest a job may run. So jobs
 * are queued with the long limit, and a running job's `expire_in` is kept at "time run so far +
 * lease" by a timer in its worker (a lease renewed every `renewSeconds`). When the worker dies, the
 * renewals stop and pg-boss's maintenance sees the job expire within the lease, then retries it.
 * This writes one column of pg-boss's own job table (schema "pgboss", pinned pg-boss version).
 */

export interface LeaseOptions {
  /** How long a job stays active after its worker's last renewal. */
  leaseSeconds: number;
  /** How often the worker renews (well under leaseSeconds). */
  renewSeconds: number;
  /** The longest a job may run at all (its queued expire_in). */
  maxSeconds: number;
}

async function renew(db: PgBoss.Db, queue: string, jobId: string, options: LeaseOptions): Promise<void> {
  await db.executeSql(
    `update pgboss.job
        set expire_in = least(make_interval(secs => $4), (now() - started_on) + make_interval(secs => $3))
      where name = $1 and id = $2 and state = 'active'`,
    [queue, jobId, options.leaseSeconds, options.maxSeconds],
  );
}

/**
 * Starts the lease of a job a worker has just taken: renews once now (awaited), then every
 * `renewSeconds` until the returned stop function is called. Renewal errors go to `onError` (the
 * job then expires like the job of a dead worker, and is retried).
 */
export async function holdLease(
  db: PgBoss.Db,
  queue: string,
  jobId: string,
  options: LeaseOptions,
  onError: (error: Error) => void,
): Promise<() => void> {
  await renew(db, queue, jobId, options);
  const timer = setInterval(() => {
    renew(db, queue, jobId, options).catch((error: unknown) => onError(error as Error));
  }, options.renewSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Makes a failing job final: no retry is left, so pg-boss's fail marks it failed. */
export async function forbidRetry(db: PgBoss.Db, queue: string, jobId: string): Promise<void> {
  await db.executeSql("update pgboss.job set retry_limit = retry_count where name = $1 and id = $2", [
    queue,
    jobId,
  ]);
}
