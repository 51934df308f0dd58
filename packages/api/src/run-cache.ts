import type { Run } from "@neurotranslator/data/schema";

/**
 * Recently read runs by id. Runs are written once and never updated (only deleted), so a cached
 * run is exact; a deleted run may still be served for up to `ttlMs`. Saves the database round
 * trip that dominates a run-summary read (measured: bench/api.ts).
 */
export class RunCache {
  private readonly entries = new Map<string, { run: Promise<Run>; expires: number }>();

  constructor(
    private readonly ttlMs = 2000,
    private readonly maxEntries = 1000,
  ) {}

  /** The cached run, or `load(id)` (failures are not cached). */
  get(id: string, load: (id: string) => Promise<Run>): Promise<Run> {
    if (this.ttlMs <= 0) return load(id);
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit !== undefined && hit.expires > now) return hit.run;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const run = load(id);
    this.entries.set(id, { run, expires: now + this.ttlMs });
    run.catch(() => this.entries.delete(id));
    return run;
  }
}
