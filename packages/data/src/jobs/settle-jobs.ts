// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the declaration of pg-boss's untyped Manager must travel with this file to packages that compile data's sources
/// <reference path="./pg-boss-manager.d.ts" />
import Manager from "pg-boss/src/manager.js";
import { isConnectionFailure } from "../store/connection-failure.ts";

/*
 * pg-boss 10's work loop calls complete() or fail() after each handler without awaiting them, so
 * a connection lost at that moment (the database restarting) became an unhandled rejection that
 * ended the worker process (found by the manual PostgreSQL-restart suite). Patched once per
 * process, on pg-boss's own class: each call is retried while the database is unreachable, then
 * reported on the queue's "error" event instead of rejecting; a job left active is retried by
 * pg-boss when its lease lapses (lease.ts), and a retried job stores its run once (jobId).
 */

type Settle = (this: SettlingManager, ...args: unknown[]) => Promise<unknown>;
interface SettlingManager {
  emit(event: "error", error: unknown): boolean;
}

const PATCHED = Symbol.for("neurotranslator.settleJobs");
const RETRY_FOR_MS = 30_000;

/** `settle` retried on connection failures for up to `retryForMs`; never rejects (reports instead). */
export function settleSafely(settle: Settle, retryForMs = RETRY_FOR_MS, firstDelayMs = 250): Settle {
  return async function (this: SettlingManager, ...args: unknown[]) {
    const deadline = Date.now() + retryForMs;
    for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, 4_000)) {
      try {
        return await settle.apply(this, args);
      } catch (error) {
        if (!isConnectionFailure(error) || Date.now() + delay > deadline) {
          this.emit("error", error);
          return undefined;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };
}

/** Wraps pg-boss's Manager.complete and Manager.fail (once per process). */
export function settleJobsSafely(): void {
  const proto = Manager.prototype as Record<string | symbol, unknown>;
  if (proto[PATCHED] === true) return;
  for (const name of ["complete", "fail"]) proto[name] = settleSafely(proto[name] as Settle);
  proto[PATCHED] = true;
}

/** Whether pg-boss's Manager carries the wrap (for tests). */
export function jobsSettleSafely(): boolean {
  return (Manager.prototype as Record<symbol, unknown>)[PATCHED] === true;
}
