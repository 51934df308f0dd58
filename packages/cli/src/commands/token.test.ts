import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson, runCli, tempDir } from "../testing/run-cli.ts";

describe("neurotranslator token", () => {
  it("creates (secret once), lists without secrets, revokes by name (errors are covered by the store's tests)", async () => {
    const store = join(tempDir(), "store");
    const created = parseJson<{
      token: { id: string; name: string };
      secret: string;
    }>(await runCli(["--store", store, "token", "create", "--name", "ci", "--json"]));
    expect(created.secret).toMatch(/^nt_[A-Za-z0-9_-]{43}$/);
    const listed = await runCli(["--store", store, "token", "list", "--json"]);
    expect(listed.stdout).not.toContain(created.secret.slice(3));
    expect(parseJson<{ tokens: { name: string; revokedAt: string | null }[] }>(listed).tokens).toEqual([
      expect.objectContaining({ name: "ci", revokedAt: null }),
    ]);
    const revoked = parseJson<{ token: { revokedAt: string } }>(
      await runCli(["--store", store, "token", "revoke", "ci", "--json"]),
    );
    expect(typeof revoked.token.revokedAt).toBe("string");
  }, 300_000); // four CLI starts, the first creating the store's server: slow on a loaded 2-core machine
});
