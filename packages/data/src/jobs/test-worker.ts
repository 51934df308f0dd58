// Test support: a worker process that takes one job, says so on stdout, then hangs (to be killed with SIGKILL).
import { shareProgress } from "@neurotranslator/schema";
import { openJobQueue } from "./queue.ts";

const [databaseUrl, lease = "2"] = process.argv.slice(2);
if (databaseUrl === undefined) throw new Error("usage: test-worker.ts DATABASE_URL [LEASE_SECONDS]");
const queue = await openJobQueue(databaseUrl, {
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
  leaseSeconds: Number(lease),
  renewSeconds: Number(lease) / 4,
  expireInSeconds: 3600,
});
await queue.work(async (job) => {
  process.stdout.write(`started ${job.id}\n`);
  await job.reportProgress(shareProgress("halfway, then killed", 0.5));
  return new Promise(() => undefined);
});
