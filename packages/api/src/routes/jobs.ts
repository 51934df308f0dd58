import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { NtError, zodErrorText } from "@neurotranslator/schema";
import {
  RunRequest,
  SweepRequest,
  type JobQueue,
  type JobStatus,
  type QueuedBy,
} from "@neurotranslator/data/jobs";
import type { z as zod } from "zod";
import { planRunRequest, planSweepRequest } from "@neurotranslator/app/plan-request";
import { checkSolverOptions } from "@neurotranslator/app/run";
import type { RouteDeps } from "../deps.ts";
import { UnavailableError, errorResponses } from "../errors.ts";
import { tokenOf } from "../request-token.ts";
import { JobAccepted, JobStatusJson, RunRequestJson, SweepRequestJson } from "../schemas.ts";
import { validationHook } from "../validation.ts";

const security = [{ bearer: [] }];

const postRun = createRoute({
  method: "post",
  path: "/runs",
  tags: ["jobs"],
  summary: "Queue a run (fit + evaluate); a worker executes it. Needs a token.",
  security,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: RunRequestJson } },
    },
  },
  responses: {
    202: {
      description: "queued",
      content: { "application/json": { schema: JobAccepted } },
    },
    ...errorResponses(400, 401, 403, 404, 413, 503),
  },
});

const postSweep = createRoute({
  method: "post",
  path: "/sweeps",
  tags: ["jobs"],
  summary: "Queue a sweep over layers and area sets; a worker executes it. Needs a token.",
  security,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: SweepRequestJson } },
    },
  },
  responses: {
    202: {
      description: "queued",
      content: { "application/json": { schema: JobAccepted } },
    },
    ...errorResponses(400, 401, 404, 413, 503),
  },
});

const getJob = createRoute({
  method: "get",
  path: "/jobs/{id}",
  tags: ["jobs"],
  summary: "A queued job's state, progress and output (e.g. the stored run's id)",
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: {
    200: {
      description: "the job",
      content: { "application/json": { schema: JobStatusJson } },
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

function queueOf(jobs: JobQueue | undefined): JobQueue {
  if (jobs === undefined) {
    // PGlite is one process's embedded database: workers elsewhere cannot share it.
    throw new UnavailableError(
      "queued runs need a PostgreSQL store, and this one is PGlite: serve a store directory on its embedded PostgreSQL server (the default engine) or DATABASE_URL=postgres://...",
    );
  }
  return jobs;
}

function statusJson(s: JobStatus) {
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  return {
    ...s,
    createdAt: s.createdAt.toISOString(),
    startedAt: iso(s.startedAt),
    completedAt: iso(s.completedAt),
    progress: s.progress === null ? null : { ...s.progress, updatedAt: s.progress.updatedAt.toISOString() },
  };
}

/** The exact request schema (the body schema is looser for the OpenAPI document); BAD_INPUT naming the field. */
function parseRequest<S extends zod.ZodType>(schema: S, body: unknown): zod.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new NtError(
    "BAD_INPUT",
    zodErrorText(parsed.error, {
      root: "(value)",
      line: (field, i) => `json field "${field}" ${i.message}`,
      max: 5,
    }),
  );
}

/**
 * Awaits the planning of a request body; a name in the body that the store lacks (dataset, feature
 * set, layer, area: NOT_FOUND to the planner) makes the body a bad request, answered 400.
 */
function queuedBy(request: Request): QueuedBy | undefined {
  const token = tokenOf(request);
  return token === undefined ? undefined : { tokenId: token.id, name: token.name };
}

export function jobRoutes({ store, jobs }: RouteDeps) {
  // The worker's own planning runs here first: a request that must fail is refused now (400; 404 for an unknown name), never
  // queued to fail in a worker.
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(postRun, async (c) => {
      const request = parseRequest(RunRequest, c.req.valid("json"));
      // The solver and its options first: refused with 400 even where no queue exists (503).
      await checkSolverOptions(request.solver, request.options);
      const queue = queueOf(jobs);
      await planRunRequest(store, request);
      const jobId = await queue.enqueueRun(request, { queuedBy: queuedBy(c.req.raw) });
      c.header("Location", `/jobs/${jobId}`);
      return c.json({ jobId, status: `/jobs/${jobId}` }, 202);
    })
    .openapi(postSweep, async (c) => {
      const request = parseRequest(SweepRequest, c.req.valid("json"));
      // The solver and its options first: refused with 400 even where no queue exists (503).
      await checkSolverOptions(request.solver, request.options);
      const queue = queueOf(jobs);
      await planSweepRequest(store, request);
      const jobId = await queue.enqueueSweep(request, { queuedBy: queuedBy(c.req.raw) });
      c.header("Location", `/jobs/${jobId}`);
      return c.json({ jobId, status: `/jobs/${jobId}` }, 202);
    })
    .openapi(getJob, async (c) =>
      c.json(statusJson(await queueOf(jobs).status(c.req.valid("param").id)), 200),
    );
}
