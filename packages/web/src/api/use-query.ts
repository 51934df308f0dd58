import { useEffect, useState } from "react";

/** The state of one request: loading, its data, or the error's message. */
export type QueryState<T> =
  { status: "loading" } | { status: "ok"; data: T } | { status: "error"; message: string };

// Answers by key, shared by all pages for the session: runs are written once and never change.
const cache = new Map<string, Promise<unknown>>();

/**
 * Runs `load` once per `key` (null: nothing to load yet) and caches the promise, so moving between
 * pages does not refetch. Failed loads are dropped from the cache so a revisit retries.
 */
export function useQuery<T>(key: string | null, load: () => Promise<T>): QueryState<T> {
  const [state, setState] = useState<{ key: string | null; value: QueryState<T> }>({
    key,
    value: { status: "loading" },
  });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    let promise = cache.get(key) as Promise<T> | undefined;
    if (promise === undefined) {
      promise = load();
      cache.set(key, promise);
    }
    promise.then(
      (data) => live && setState({ key, value: { status: "ok", data } }),
      (error: unknown) => {
        cache.delete(key);
        if (live)
          setState({
            key,
            value: { status: "error", message: error instanceof Error ? error.message : String(error) },
          });
      },
    );
    return () => {
      live = false;
    };
    // Only `key` is a dependency: `load` is a new closure on every render and `key` names what it loads.
  }, [key]);
  return state.key === key ? state.value : { status: "loading" };
}
