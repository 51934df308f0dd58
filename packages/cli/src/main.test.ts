import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./testing/run-cli.ts";

describe("neurotranslator --version", () => {
  it("prints the package version and exits 0, touching no store", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const result = await runCli(["--version"], { NEUROTRANSLATOR_STORE: "/nonexistent/store" });
    expect(result).toMatchObject({ code: 0, stdout: `neurotranslator ${version}\n` });
  });
});
