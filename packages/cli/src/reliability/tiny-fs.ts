import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A small tmpfs mounted for one test: a real ENOSPC when full, a real EROFS when remounted read-only. */
export interface TinyFs {
  dir: string;
  readOnly(on: boolean): void;
  /** Grows (or shrinks) the filesystem: frees space after a full-disk failure. */
  resize(megabytes: number): void;
  dispose(): void;
}

/**
 * Mounts a tmpfs of `megabytes` under a temp dir. Needs root (tests run as root here, where chmod
 * does not stop writes); returns the reason instead when mounting is not possible.
 */
export function mountTinyFs(megabytes: number): TinyFs | string {
  if (process.getuid?.() !== 0) return "not root: cannot mount a tmpfs to make a full or read-only disk";
  const dir = mkdtempSync(join(tmpdir(), "nt-tinyfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir], { stdio: "pipe" });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `mount -t tmpfs failed: ${(error as Error).message.split("\n")[0]}`;
  }
  return {
    dir,
    resize: (megabytes) =>
      execFileSync("mount", ["-o", `remount,size=${megabytes}m`, dir], { stdio: "pipe" }),
    readOnly: (on) => execFileSync("mount", ["-o", `remount,${on ? "ro" : "rw"}`, dir], { stdio: "pipe" }),
    dispose() {
      execFileSync("umount", [dir], { stdio: "pipe" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
