import type { Command } from "commander";
import type { ApiTokenInfo } from "@neurotranslator/data";
import { withStore } from "../context.ts";
import { emit, note, table } from "../output.ts";

const when = (d: Date | null) => (d === null ? "-" : d.toISOString().slice(0, 19).replace("T", " "));
const tokenJson = (t: ApiTokenInfo) => ({
  ...t,
  createdAt: t.createdAt.toISOString(),
  revokedAt: t.revokedAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});

/** `token create|list|revoke`: bearer tokens for the API's write routes (and reads, when the server requires it). */
export function registerToken(program: Command): void {
  const token = program.command("token").description("create, list and revoke API tokens");

  token
    .command("create")
    .description("create a token; its secret is printed once and stored only as a SHA-256 hash")
    .requiredOption("--name <name>", "a name to recognise and revoke it by")
    .option("--json", "print one JSON document")
    .action(async (opts: { name: string; json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const { token: created, secret } = await store.tokens.create(opts.name);
        emit(opts, { token: tokenJson(created), secret }, () => {
          note("store this secret now: it cannot be shown again");
          return `${secret}\n(token "${created.name}", id ${created.id}; send it as "Authorization: Bearer <secret>")`;
        });
      });
    });

  token
    .command("list")
    .description("list tokens (never their secrets)")
    .option("--json", "print one JSON document")
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const all = await store.tokens.list();
        emit(opts, { tokens: all.map(tokenJson) }, () =>
          all.length === 0
            ? "no tokens yet: try `neurotranslator token create --name NAME`"
            : table(
                ["name", "id", "created", "last used", "revoked"],
                all.map((t) => [t.name, t.id, when(t.createdAt), when(t.lastUsedAt), when(t.revokedAt)]),
              ),
        );
      });
    });

  token
    .command("revoke")
    .description("revoke a token by name or id (it never authenticates again)")
    .argument("<nameOrId>")
    .option("--json", "print one JSON document")
    .action(async (nameOrId: string, opts: { json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const revoked = await store.tokens.revoke(nameOrId);
        emit(
          opts,
          { token: tokenJson(revoked) },
          () => `revoked token "${revoked.name}" (${when(revoked.revokedAt)})`,
        );
      });
    });
}
