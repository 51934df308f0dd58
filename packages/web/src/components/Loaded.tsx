import type { ReactNode } from "react";
import type { QueryState } from "../api/use-query.ts";

/** Renders `children(data)` once a query has answered; a status line while loading or after a failure. */
export function Loaded<T>({
  state,
  what,
  children,
}: {
  state: QueryState<T>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (state.status === "loading")
    return (
      <p className="status" role="status">
        Loading {what}…
      </p>
    );
  if (state.status === "error")
    return (
      <p className="status error" role="alert">
        Could not load {what}: {state.message}
      </p>
    );
  return <>{children(state.data)}</>;
}
