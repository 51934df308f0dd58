import type { Store } from "@neurotranslator/data";
import type { JobQueue } from "@neurotranslator/data/jobs";

/** What route modules need: the store, and the job queue when there is one (PostgreSQL only). */
export interface RouteDeps {
  store: Store;
  jobs: JobQueue | undefined;
}
