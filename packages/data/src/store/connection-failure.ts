/**
 * Connection-level failures (server down, restarting, socket reset, PGlite closed): worth trying
 * again later. ENOENT counts only from connect(): the embedded server's Unix socket is gone while it
 * restarts (any other missing file is not a connection failure). Causes are followed.
 */
export function isConnectionFailure(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const { code, syscall } = e as { code?: unknown; syscall?: unknown };
    if (
      typeof code === "string" &&
      (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE)$/.test(code) ||
        /^(08|57P)/.test(code) ||
        (code === "ENOENT" && syscall === "connect"))
    )
      return true;
    if (
      /Connection terminated|connection timeout|PGlite is closed|Client has encountered a connection error/i.test(
        e.message,
      )
    )
      return true;
  }
  return false;
}
