import { NtError } from "@neurotranslator/schema";
import type { LinalgBackend } from "./backend.ts";
import { createJsBackend } from "./js/index.ts";
import { createNativeBackend, loadNativeAddon } from "./native/index.ts";

export type LinalgPreference = "auto" | "native" | "js";

export interface SelectLinalgOptions {
  /** "auto" (default): native when it loads, else js. "native": native or an ENGINE error. "js": js. */
  prefer?: LinalgPreference;
  /** OpenBLAS threads for the native backend (process-wide); default: OpenBLAS's choice. */
  threads?: number;
}

/**
 * The one place the linear-algebra engine is chosen. Native OpenBLAS/LAPACKE is 50-100x faster
 * than pure JS (sgemm, dsyevd), so "auto" takes it whenever the addon loads; the caller should
 * print `backend.description` so a run says which engine it used.
 */
export function selectLinalgBackend(options: SelectLinalgOptions = {}): LinalgBackend {
  const prefer = options.prefer ?? "auto";
  if (prefer === "js") return createJsBackend();
  const native = createNativeBackend(options.threads === undefined ? {} : { threads: options.threads });
  if (native !== undefined) return native;
  if (prefer === "native") {
    const load = loadNativeAddon();
    const reason = load.ok ? "unknown reason" : load.reason;
    throw new NtError("ENGINE", `linear-algebra engine "native" requested but unavailable: ${reason}`);
  }
  return createJsBackend();
}

/** Every backend that works on this machine, fastest first; tests run the same checks on each. */
export function availableLinalgBackends(): LinalgBackend[] {
  const native = createNativeBackend();
  return native === undefined ? [createJsBackend()] : [native, createJsBackend()];
}
