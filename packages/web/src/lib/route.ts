/**
 * The viewer's pages, addressed by the URL hash (`#/runs/<id>`), so any static server (and the API's
 * index.html fallback) serves every page and the back button works without a router library.
 */
export type Route =
  | { page: "runs" }
  | { page: "run"; id: string }
  | { page: "compare"; ids: string[] }
  | { page: "datasets" }
  | { page: "dataset"; name: string }
  | { page: "not-found"; hash: string };

/** Parses `location.hash` ("" and "#/" are the runs table). */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "");
  const [pathname = "", search = ""] = path.split("?", 2);
  const parts = pathname
    .split("/")
    .filter((p) => p !== "")
    .map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "runs")) return { page: "runs" };
  if (parts.length === 2 && parts[0] === "runs" && parts[1]) return { page: "run", id: parts[1] };
  if (parts.length === 1 && parts[0] === "compare") {
    const ids = (new URLSearchParams(search).get("ids") ?? "").split(",").filter((s) => s !== "");
    return { page: "compare", ids };
  }
  if (parts.length === 1 && parts[0] === "datasets") return { page: "datasets" };
  if (parts.length === 2 && parts[0] === "datasets" && parts[1]) return { page: "dataset", name: parts[1] };
  return { page: "not-found", hash };
}

/** The hash link of a page (the inverse of parseRoute). */
export function href(route: Exclude<Route, { page: "not-found" }>): string {
  switch (route.page) {
    case "runs":
      return "#/runs";
    case "run":
      return `#/runs/${encodeURIComponent(route.id)}`;
    case "compare":
      return `#/compare?ids=${route.ids.map(encodeURIComponent).join(",")}`;
    case "datasets":
      return "#/datasets";
    case "dataset":
      return `#/datasets/${encodeURIComponent(route.name)}`;
  }
}
