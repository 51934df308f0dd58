import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./testing/run-cli.ts";
import { commandName } from "./commands/index.ts";

describe("neurotranslator --version", () => {
  it("prints the package version and exits 0, touching no store", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const result = await runCli(["--version"], { NEUROTRANSLATOR_STORE: "/nonexistent/store" });
    expect(result).toMatchObject({ code: 0, stdout: `neurotranslator ${version}\n` });
  });
});

describe("command loading", () => {
  it("finds the command after program options and their values", () => {
    expect(commandName(["--store", "run", "runs", "list"])).toBe("runs");
    expect(commandName(["--store-engine", "pglite", "--verbose", "map"])).toBe("map");
    expect(commandName(["--store=run", "dataset"])).toBe("dataset");
    expect(commandName(["--version"])).toBeUndefined();
  });

  it("lists every command in the program's help and names an unknown one", async () => {
    const help = await runCli(["--help"], { NEUROTRANSLATOR_STORE: "/nonexistent/store" });
    expect(help.code).toBe(0);
    for (const name of ["dataset", "features", "run", "runs", "map", "sweep", "serve", "worker", "store"])
      expect(help.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, "m"));
    const unknown = await runCli(["rnu"], { NEUROTRANSLATOR_STORE: "/nonexistent/store" });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'rnu'.*run/s);
  });
});
