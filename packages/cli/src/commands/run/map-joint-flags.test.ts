import { describe, expect, it } from "vitest";
import { runCli } from "../../testing/run-cli.ts";

describe("map --joint flags", () => {
  it("refuses a bad --band-samples or --band-weights with one line, before opening a store", async () => {
    const env = { NEUROTRANSLATOR_STORE: "/nonexistent/store" };
    const samples = await runCli(
      ["map", "--dataset", "d", "--features", "f", "--joint", "--band-samples", "0"],
      env,
    );
    expect(samples.code).not.toBe(0);
    expect(samples.stderr).toMatch(/--band-samples must be an integer >= 1, got "0"/);
    const weights = await runCli(
      ["map", "--dataset", "d", "--features", "f", "--joint", "--band-weights", "layer"],
      env,
    );
    expect(weights.code).not.toBe(0);
    expect(weights.stderr).toMatch(/--band-weights.*layer.*voxel, area/s);
  });

  it("documents --joint in map --help", async () => {
    const help = await runCli(["map", "--help"], { NEUROTRANSLATOR_STORE: "/nonexistent/store" });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--joint/);
    expect(help.stdout).toMatch(/--band-weights <where>/);
  });
});
