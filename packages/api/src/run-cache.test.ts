import { describe, expect, it } from "vitest";
import type { Run } from "@neurotranslator/data/schema";
import { RunCache } from "./run-cache.ts";

const fakeRun = (id: string) => ({ id }) as unknown as Run;

describe("RunCache", () => {
  it("loads once within the TTL, again after it, and never caches failures", async () => {
    const cache = new RunCache(50, 2);
    let loads = 0;
    const load = async (id: string) => {
      loads++;
      if (id === "bad") throw new Error("boom");
      return fakeRun(id);
    };
    expect((await cache.get("a", load)).id).toBe("a");
    await cache.get("a", load);
    expect(loads).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    await cache.get("a", load);
    expect(loads).toBe(2);
    await expect(cache.get("bad", load)).rejects.toThrow("boom");
    await expect(cache.get("bad", load)).rejects.toThrow("boom");
    expect(loads).toBe(4);
    // bounded: with room for 2, adding b and c evicts a
    await cache.get("b", load);
    await cache.get("c", load);
    await cache.get("a", load);
    expect(loads).toBe(7);
  });

  it("with a TTL of 0 reads the store every time (the benchmark's uncached side)", async () => {
    const cache = new RunCache(0);
    let loads = 0;
    const load = async (id: string) => {
      loads++;
      return fakeRun(id);
    };
    await cache.get("a", load);
    await cache.get("a", load);
    expect(loads).toBe(2);
  });
});
