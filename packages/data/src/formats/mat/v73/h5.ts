import h5wasm from "h5wasm/node";
import { NtError } from "../../../errors.ts";

export type H5 = typeof h5wasm;

let loading: Promise<H5> | undefined;

/**
 * Loads h5wasm's node build once. Its node build reads the host filesystem directly (NODERAWFS),
 * so files are opened in place. HDF5 errors are switched to thrown JS errors (instead of
 * HDF5-DIAG text on stderr) so that we can turn them into NtErrors.
 */
export function loadH5(): Promise<H5> {
  loading ??= h5wasm.ready.then(
    (module) => {
      module.activate_throwing_error_handler();
      return h5wasm;
    },
    (error: unknown) => {
      loading = undefined;
      throw new NtError("ENGINE", `could not load h5wasm (HDF5 reader): ${(error as Error).message}`, { cause: error });
    },
  );
  return loading;
}

/** The most telling line of an HDF5 error stack (the innermost "... in H5X(): reason"). */
export function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => /^#\d+:/.test(l));
  const last = lines.at(-1);
  if (last === undefined) return text.split("\n")[0] ?? text;
  return last.replace(/^#\d+:\s*\S+ line \d+ in /, "");
}
