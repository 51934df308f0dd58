export {
  openJobQueue,
  JOB_QUEUE_NAME,
  type JobQueue,
  type JobQueueOptions,
  type JobContext,
  type JobHandler,
  type EnqueueOptions,
} from "./queue.ts";
export { isDeterministic, publicOutput, redactPaths } from "./failure.ts";
export * from "./requests.ts";
