import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mutateJson } from "./mutate-json.ts";
import { pick } from "./random.ts";
import { caseTarget, type FuzzTarget } from "./target.ts";

const RUN = {
  dataset: "kay",
  features: "mobilenet",
  layer: "late",
  rois: ["V1", "V2"],
  solver: "ridge",
  options: { alpha: 10 },
  seed: 1,
};
const SWEEP = {
  dataset: "kay",
  features: "mobilenet",
  layers: ["early", "late"],
  roiSets: [["V1"], []],
  solver: "ridge-cv",
  options: {},
  seed: 0,
};
const ROUTES = [
  { path: "/runs", seed: RUN },
  { path: "/sweeps", seed: SWEEP },
] as const;

/** What a refusal must look like: the API's one error body, nothing else (no stack, no extra fields). */
function errorCode(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Object.keys(body).join() !== "error") return undefined;
  const error = (body as { error: unknown }).error;
  if (typeof error !== "object" || error === null || Object.keys(error).sort().join() !== "code,message")
    return undefined;
  const { code, message } = error as { code: unknown; message: unknown };
  return typeof code === "string" && typeof message === "string" && !/\n\s+at /.test(message)
    ? code
    : undefined;
}

/**
 * Mutated JSON bodies for `POST /runs` and `POST /sweeps`, sent through `createApp(...).request()`
 * (no socket) to an API on a temp PGlite store, with a valid token (1 case in 10 without one).
 * Contract: a 4xx with the one error body; a valid body reaches the queue, which an embedded store
 * does not have: 503 UNAVAILABLE with the error body, counted as accepted. A 5xx otherwise, a 2xx, or
 * any other body is a finding.
 */
export async function apiBodyTarget(): Promise<FuzzTarget> {
  const [{ createApp }, { openStore }] = await Promise.all([
    import("@neurotranslator/api"),
    import("@neurotranslator/data"),
  ]);
  const dir = mkdtempSync(join(tmpdir(), "nt-fuzz-api-"));
  const store = await openStore({ dir: join(dir, "store"), engine: "pglite" });
  const { secret } = await store.tokens.create("fuzz");
  const app = createApp({ store, auth: { readsRequireToken: false } });
  return caseTarget(
    "api-body",
    (rand) => {
      const route = pick(rand, ROUTES);
      const { text, mutations } = mutateJson(route.seed, rand);
      const withToken = rand() >= 0.1;
      const contentType =
        rand() < 0.05
          ? pick(rand, [
              "text/plain",
              "application/x-www-form-urlencoded",
              "application/json; charset=latin1",
            ])
          : "application/json";
      return {
        mutations: [
          route.path,
          ...(withToken ? [] : ["no token"]),
          ...(contentType === "application/json" ? [] : [`content-type ${contentType}`]),
          ...mutations,
        ],
        async run() {
          const res = await app.request(route.path, {
            method: "POST",
            body: text,
            headers: {
              "Content-Type": contentType,
              ...(withToken ? { Authorization: `Bearer ${secret}` } : {}),
            },
          });
          const raw = await res.text();
          let body: unknown;
          try {
            body = JSON.parse(raw);
          } catch {
            return `HTTP ${res.status} with a body that is not JSON: ${raw.slice(0, 200)}`;
          }
          const code = errorCode(body);
          if (code === undefined)
            return `HTTP ${res.status} without the one error body: ${raw.slice(0, 300)}`;
          if (res.status === 503 && code === "UNAVAILABLE") return undefined;
          if (res.status >= 400 && res.status < 500) return { refused: code };
          return `HTTP ${res.status} ${code}: ${raw.slice(0, 300)}`;
        },
      };
    },
    async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  );
}
