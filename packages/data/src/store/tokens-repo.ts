import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { asc, eq, isNull, or } from "drizzle-orm";
import { NtError } from "@neurotranslator/schema";
import { EntityName, TOKEN_SECRET_PREFIX, type ApiToken, type ApiTokenInfo } from "@neurotranslator/schema";
import { parseRecord, storeError, type Scope } from "./scope.ts";
import { apiTokens } from "./tables.ts";

export interface TokenRepository {
  /** Creates a token; the returned `secret` is the only copy (the store keeps its SHA-256). CONFLICT if the name is taken. */
  create(name: string): Promise<{ token: ApiTokenInfo; secret: string }>;
  /** All tokens, revoked ones included, by name. */
  list(): Promise<ApiTokenInfo[]>;
  /** Revokes the token with this name or id; NOT_FOUND if there is none. Revoking twice keeps the first time. */
  revoke(nameOrId: string): Promise<ApiTokenInfo>;
  /** The live token whose secret this is, or undefined (unknown, malformed or revoked). */
  verify(secret: string): Promise<ApiTokenInfo | undefined>;
}

/** How stale `lastUsedAt` may get before a successful verify writes it again (keeps reads read-only). */
const LAST_USED_RESOLUTION_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

function info(token: ApiToken): ApiTokenInfo {
  const { secretHash: _hash, ...rest } = token;
  return rest;
}

export function tokenRepository(scope: Scope): TokenRepository {
  const db = () => scope.conn.db;
  return {
    async create(name) {
      parseRecord(EntityName, name, "token name");
      const secret = TOKEN_SECRET_PREFIX + randomBytes(32).toString("base64url");
      try {
        const [row] = await db()
          .insert(apiTokens)
          .values({ name, secretHash: sha256(secret).toString("hex") })
          .returning();
        if (row === undefined) throw new NtError("STORE", "token: insert returned no row");
        return { token: info(row), secret };
      } catch (error) {
        throw storeError(error, `creating token "${name}"`, `token "${name}" already exists`);
      }
    },
    async list() {
      const rows = await db().select().from(apiTokens).orderBy(asc(apiTokens.name));
      return rows.map(info);
    },
    async revoke(nameOrId) {
      const match = UUID.test(nameOrId)
        ? or(eq(apiTokens.id, nameOrId), eq(apiTokens.name, nameOrId))
        : eq(apiTokens.name, nameOrId);
      const [row] = await db().select().from(apiTokens).where(match);
      if (row === undefined)
        throw new NtError("NOT_FOUND", `token "${nameOrId}" does not exist (by name or id)`);
      if (row.revokedAt !== null) return info(row);
      const [updated] = await db()
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(eq(apiTokens.id, row.id))
        .returning();
      return info(updated ?? row);
    },
    async verify(secret) {
      if (!secret.startsWith(TOKEN_SECRET_PREFIX) || secret.length > 200) return undefined;
      const presented = sha256(secret);
      const live = await db().select().from(apiTokens).where(isNull(apiTokens.revokedAt));
      // Compare against every live hash without stopping early, each in constant time.
      let found: ApiToken | undefined;
      for (const token of live) {
        const stored = Buffer.from(token.secretHash, "hex");
        if (stored.length === presented.length && timingSafeEqual(stored, presented)) found = token;
      }
      if (found === undefined) return undefined;
      const now = new Date();
      if (found.lastUsedAt === null || now.getTime() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
        await db().update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, found.id));
        found = { ...found, lastUsedAt: now };
      }
      return info(found);
    },
  };
}
