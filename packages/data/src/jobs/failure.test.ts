import { describe, expect, it } from "vitest";
import { redactPaths } from "./failure.ts";

describe("job failures", () => {
  it("cuts absolute paths to their last part for readers of job outputs", () => {
    expect(redactPaths("cannot open /home/alice/data/kay.npz (ENOENT)")).toBe("cannot open kay.npz (ENOENT)");
    expect(redactPaths('model "C:\\Users\\bob\\m\\model.json" failed')).toBe('model "model.json" failed');
    expect(redactPaths('dataset "kay" has no layer "a/b"')).toBe('dataset "kay" has no layer "a/b"');
  });
});
