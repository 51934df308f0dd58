import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { jobsSettleSafely, settleJobsSafely, settleSafely } from "./settle-jobs.ts";

const refused = () => Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });

describe("settling pg-boss jobs without unhandled rejections", () => {
  it("retries a connection failure until the database answers", async () => {
    let calls = 0;
    const settle = settleSafely(async () => (++calls < 3 ? Promise.reject(refused()) : "done"), 5_000, 5);
    const manager = new EventEmitter();
    const errors: unknown[] = [];
    manager.on("error", (e) => errors.push(e));
    expect(await settle.call(manager, "queue", "id")).toBe("done");
    expect(calls).toBe(3);
    expect(errors).toEqual([]);
  });

  it("reports instead of rejecting: other errors at once, connection failures after the deadline", async () => {
    const manager = new EventEmitter();
    const errors: unknown[] = [];
    manager.on("error", (e) => errors.push(e));
    const broken = settleSafely(async () => Promise.reject(new Error("syntax error")), 5_000, 5);
    await expect(broken.call(manager)).resolves.toBeUndefined();
    let calls = 0;
    const down = settleSafely(async () => (calls++, Promise.reject(refused())), 40, 5);
    await expect(down.call(manager)).resolves.toBeUndefined();
    expect(calls).toBeGreaterThan(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(["syntax error", "connect ECONNREFUSED"]);
  });

  it("wraps pg-boss's own Manager, once", () => {
    settleJobsSafely();
    settleJobsSafely();
    expect(jobsSettleSafely()).toBe(true);
  });
});
