import { describe, expect, it } from "vitest";
import { href, parseRoute, type Route } from "./route.ts";

describe("routes", () => {
  it("parses every page and round-trips through href", () => {
    const pages: Exclude<Route, { page: "not-found" }>[] = [
      { page: "runs" },
      { page: "run", id: "0b0e9c1e-6c8a-4c43-8d43-8c1f3a1b2c3d" },
      { page: "compare", ids: ["a", "b", "c"] },
      { page: "datasets" },
      { page: "dataset", name: "kay sim/1" },
    ];
    for (const p of pages) expect(parseRoute(href(p))).toEqual(p);
  });

  it("treats an empty hash as the runs table and unknown paths as not found", () => {
    expect(parseRoute("")).toEqual({ page: "runs" });
    expect(parseRoute("#/")).toEqual({ page: "runs" });
    expect(parseRoute("#/nope/1/2")).toEqual({ page: "not-found", hash: "#/nope/1/2" });
    expect(parseRoute("#/compare")).toEqual({ page: "compare", ids: [] });
  });
});
