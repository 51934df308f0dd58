import type { ApiTokenInfo } from "@neurotranslator/data/schema";

/** The token each authenticated request came with (set by the auth guard, read by routes that record it). */
const tokens = new WeakMap<Request, ApiTokenInfo>();

export function rememberToken(request: Request, token: ApiTokenInfo): void {
  tokens.set(request, token);
}

/** The token `request` was authenticated with, if it was. */
export function tokenOf(request: Request): ApiTokenInfo | undefined {
  return tokens.get(request);
}
