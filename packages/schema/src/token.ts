import { z } from "zod";
import { EntityName, Sha256Hex } from "./common.ts";

/**
 * An API token. Only the SHA-256 of its secret is stored; the secret (`nt_` + 43 base64url
 * characters, 256 random bits) is shown once, when the token is created. A revoked token never
 * authenticates again; `lastUsedAt` is updated (at most once a minute) when it does.
 */
export const ApiToken = z.object({
  id: z.uuid(),
  name: EntityName,
  secretHash: Sha256Hex,
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

/** What is safe to show of a token (list and create output): everything but the hash. */
export const ApiTokenInfo = ApiToken.omit({ secretHash: true });
export type ApiTokenInfo = z.infer<typeof ApiTokenInfo>;

/** Prefix of every token secret, so a leaked secret is recognisable (e.g. by secret scanners). */
export const TOKEN_SECRET_PREFIX = "nt_";
