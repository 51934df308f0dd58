import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "@neurotranslator/data/testing";
import { readSweepFile } from "./sweep-file.ts";

describe("readSweepFile", () => {
  const dir = tempDir("nt-sweep-file-");

  it("reads YAML and JSON configs", () => {
    writeFileSync(join(dir, "a.yaml"), "dataset: sim\nfeatures: f\nsolvers:\n  - ridge-cv\n  - ols\n");
    expect(readSweepFile(join(dir, "a.yaml"))).toEqual({
      dataset: "sim",
      features: "f",
      solvers: ["ridge-cv", "ols"],
    });
    writeFileSync(join(dir, "a.json"), JSON.stringify({ dataset: "sim", seeds: [1, 2] }));
    expect(readSweepFile(join(dir, "a.json"))).toEqual({ dataset: "sim", seeds: [1, 2] });
  });

  it("refuses a deeply nested file before parsing it (the depth check's message, not the parser's)", () => {
    writeFileSync(join(dir, "deep.yaml"), `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(() => readSweepFile(join(dir, "deep.yaml"))).toThrow(
      /deep.yaml: nested 100000 levels deep; a sweep config needs at most 32/,
    );
    writeFileSync(
      join(dir, "indented.yaml"),
      Array.from({ length: 60 }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n"),
    );
    expect(() => readSweepFile(join(dir, "indented.yaml"))).toThrow(/nested \d+ levels deep/);
  });

  it("refuses an oversized file", () => {
    writeFileSync(
      join(dir, "big.json"),
      JSON.stringify({ seeds: Array.from({ length: 100_000 }, (_, i) => i) }),
    );
    expect(() => readSweepFile(join(dir, "big.json"))).toThrow(/bytes is too large for a sweep config/);
  });
});
