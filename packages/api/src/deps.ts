import type { Store } from "@neurotranslator/data";
import type { JobQueue } from "@neurotranslator/data/jobs";

/** What route modules need: the store, and the job queue when there is one (PostgreSQL only). */
export interface RouteDeps {
  store: Store;
  jobs: JobQueue | undefined;
  /** How long GET /runs/{id} may answer from its cache (ms; 0: always read the store). */
  runCacheMs?: number;
}
