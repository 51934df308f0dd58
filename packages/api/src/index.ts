export { createApp, type AppOptions, type AppType } from "./app.ts";
export { createClient, type ApiClient } from "./client.ts";
export { ErrorBody, toHttpError, type ApiErrorCode } from "./errors.ts";
export { listen, type RunningServer } from "./server.ts";
export { LOOPBACK_HOSTS, isLoopbackAddress } from "./loopback.ts";
export type { ServerLog } from "./request-log.ts";
