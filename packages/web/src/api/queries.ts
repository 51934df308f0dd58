import { api } from "./client.ts";

/*
 * Every request the viewer makes, through the typed client. Failing answers carry the API's one
 * error body ({ error: { code, message } }); they become an ApiError with that message.
 */

/** A failed API call: the HTTP status and the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface Answer {
  ok: boolean;
  status: number;
  url: string;
  json(): Promise<unknown>;
}

/** The answer's JSON when it succeeded, else an ApiError with the server's message. */
async function failure(res: Answer): Promise<never> {
  let message = `${res.status} from ${res.url}`;
  try {
    const body = (await res.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") message = `${body.error.message} (HTTP ${res.status})`;
  } catch {
    // Not JSON (e.g. a proxy's error page): keep the status line.
  }
  throw new ApiError(res.status, message);
}

const init = (signal?: AbortSignal) => ({ init: signal ? { signal } : {} });

/** A page of runs, newest first (the API's largest page is 200). */
export async function getRuns(offset: number, signal?: AbortSignal) {
  const res = await api.runs.$get({ query: { limit: "200", offset: String(offset) } }, init(signal));
  return res.ok ? res.json() : failure(res);
}

export async function getRun(id: string, signal?: AbortSignal) {
  const res = await api.runs[":id"].$get({ param: { id } }, init(signal));
  return res.ok ? res.json() : failure(res);
}

export async function getRunImages(id: string, signal?: AbortSignal) {
  const res = await api.runs[":id"].images.$get({ param: { id } }, init(signal));
  return res.ok ? res.json() : failure(res);
}

export async function getRunFeatures(id: string, signal?: AbortSignal) {
  const res = await api.runs[":id"].features.$get({ param: { id } }, init(signal));
  return res.ok ? res.json() : failure(res);
}

/** The run's permutation-null samples by metric (empty lists for runs that kept only the summaries). */
export async function getRunNull(id: string, signal?: AbortSignal) {
  const res = await api.runs[":id"].null.$get({ param: { id } }, init(signal));
  return res.ok ? res.json() : failure(res);
}

export async function getRunMaps(id: string, signal?: AbortSignal) {
  const res = await api.runs[":id"].maps.$get({ param: { id } }, init(signal));
  return res.ok ? res.json() : failure(res);
}

export async function compareRuns(ids: readonly string[], signal?: AbortSignal) {
  const res = await api.runs.compare.$get({ query: { ids: ids.join(",") } }, init(signal));
  return res.ok ? res.json() : failure(res);
}

/** All datasets (the viewer maps run.datasetId to names with it). */
export async function getDatasets(signal?: AbortSignal) {
  const res = await api.datasets.$get({ query: { limit: "200", offset: "0" } }, init(signal));
  return res.ok ? res.json() : failure(res);
}

export async function getDataset(name: string, signal?: AbortSignal) {
  const res = await api.datasets[":name"].$get({ param: { name } }, init(signal));
  return res.ok ? res.json() : failure(res);
}

export async function getFeatureSets(name: string, signal?: AbortSignal) {
  const res = await api.datasets[":name"]["feature-sets"].$get({ param: { name } }, init(signal));
  return res.ok ? res.json() : failure(res);
}

/** URL of a stimulus image as PNG (for <img src>). */
export function stimulusUrl(dataset: string, split: "train" | "test", index: number): string {
  return api.datasets[":name"].stimuli[":split"][":image"].$url({
    param: { name: dataset, split, image: `${index}.png` },
  }).pathname;
}
