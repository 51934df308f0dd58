import type { RunningCli } from "./spawn-cli.ts";

/** One answered (or failed) request of the load loop. status 0: no HTTP answer (network error, timeout). */
export interface Sample {
  at: number;
  method: "GET" | "POST";
  path: string;
  status: number;
  body: unknown;
}

/** What a load loop saw: every sample, and the job ids of every 202. */
export interface LoadRecord {
  samples: Sample[];
  acceptedJobs: string[];
}

/** Waits for `serve` to print its URL on stderr; rejects if it exits first or after `timeoutMs`. */
export function waitForServing(running: RunningCli, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    const deadline = setTimeout(
      () => finish(new Error(`serve printed no URL within ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m?.[1]) finish(undefined, m[1]);
    };
    const onExit = () => finish(new Error(`serve exited before listening: ${stderr}`));
    function finish(error?: Error, url?: string) {
      clearTimeout(deadline);
      running.child.stderr?.off("data", onData);
      running.child.off("exit", onExit);
      if (error) reject(error);
      else resolve(url!);
    }
    running.child.stderr?.on("data", onData);
    running.child.once("exit", onExit);
  });
}

/** One request with a 10 s timeout; the body parsed as JSON when it is. Never throws. */
export async function request(
  baseUrl: string,
  method: "GET" | "POST",
  path: string,
  token: string,
  body?: unknown,
): Promise<Sample> {
  const at = Date.now();
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: kept as text so the assertion names it.
    }
    return { at, method, path, status: response.status, body: parsed };
  } catch (error) {
    return { at, method, path, status: 0, body: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Loops until `stop()` resolves: a GET of `getPath` every `getEveryMs`, and a POST /runs of
 * `runBody(i)` every `postEveryMs`, one request of each kind in flight at a time.
 */
export async function loadLoop(
  baseUrl: string,
  token: string,
  opts: {
    getPath: string;
    runBody: (i: number) => unknown;
    getEveryMs: number;
    postEveryMs: number;
    stop: Promise<void>;
  },
): Promise<LoadRecord> {
  const record: LoadRecord = { samples: [], acceptedJobs: [] };
  let stopped = false;
  void opts.stop.then(() => (stopped = true));
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const gets = (async () => {
    while (!stopped) {
      record.samples.push(await request(baseUrl, "GET", opts.getPath, token));
      await pause(opts.getEveryMs);
    }
  })();
  const posts = (async () => {
    for (let i = 0; !stopped; i++) {
      const sample = await request(baseUrl, "POST", "/runs", token, opts.runBody(i));
      record.samples.push(sample);
      const jobId = (sample.body as { jobId?: unknown } | undefined)?.jobId;
      if (sample.status === 202 && typeof jobId === "string") record.acceptedJobs.push(jobId);
      await pause(opts.postEveryMs);
    }
  })();
  await Promise.all([gets, posts]);
  return record;
}

/** True when `body` is exactly the API's one error body `{ error: { code, message } }`. */
export function isErrorBody(body: unknown): boolean {
  if (typeof body !== "object" || body === null) return false;
  const keys = Object.keys(body);
  const error = (body as { error?: unknown }).error;
  if (keys.length !== 1 || typeof error !== "object" || error === null) return false;
  const e = error as Record<string, unknown>;
  return Object.keys(e).length === 2 && typeof e["code"] === "string" && typeof e["message"] === "string";
}
