export {
  openJobQueue,
  JOB_QUEUE_NAME,
  type JobQueue,
  type JobQueueOptions,
  type JobContext,
  type JobHandler,
} from "./queue.ts";
export * from "./requests.ts";
