import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { NtError } from "@neurotranslator/schema";

/*
 * HDF5 follows references to other files by itself: external raw storage (an "external file list"),
 * external links, virtual datasets, filter plugins. h5wasm runs HDF5 over Emscripten's in-memory file
 * system, and this module makes sure that file system shows HDF5 exactly one thing: the input, mounted
 * read-only under a private directory and openable only while the input is being opened. Every other
 * open (any path) fails as "no such file" and is recorded, so the reader can refuse the variable that
 * tried with one clear line.
 */

/** The parts of Emscripten's FS used here. */
export interface EmscriptenFs {
  open(path: unknown, flags: number | string, mode?: number): unknown;
  mkdir(path: string, mode?: number): unknown;
  mknod(path: string, mode: number, dev: number): EmscriptenNode;
  unlink(path: string): void;
  rmdir(path: string): void;
  ErrnoError: new (errno: number) => Error;
}

interface EmscriptenNode {
  usedBytes: number;
  stream_ops: Record<string, unknown>;
}

/** Read-only random access to the input's bytes. */
export interface InputSource {
  size: number;
  /** Copies up to `length` bytes at `position` into `target[offset...]`; returns the count. */
  read(target: Int8Array, offset: number, length: number, position: number): number;
  close(): void;
}

const ENOENT = 44; // Emscripten's errno numbers
const EACCES = 2;
const O_CREAT = 64;
const O_EXCL = 128;
const MAX_RECORDED = 8;

let openable: string | undefined;
const refused: string[] = [];

/** Wraps `fs.open` (once): only the input being opened, or a fresh temp file, may be opened. */
export function installOpenGuard(fs: EmscriptenFs): void {
  const open = fs.open.bind(fs);
  fs.open = (path, flags, mode) => {
    if (typeof path === "string" && path === openable) return open(path, flags, mode);
    // HDF5's error handler formats its stack through tmpfile(): an exclusive create, so it can
    // never open anything that already exists.
    const exclusive = typeof flags === "number" && (flags & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL);
    if (typeof path === "string" && path.startsWith("/tmp/") && exclusive) return open(path, flags, mode);
    if (refused.length < MAX_RECORDED) refused.push(String(path).slice(0, 200));
    throw new fs.ErrnoError(ENOENT);
  };
}

/** The paths HDF5 tried to open since the last call (and were refused). */
export function takeRefusedOpens(): string[] {
  return refused.splice(0, refused.length);
}

/** An input mounted alone in the in-memory file system. */
export interface JailedInput {
  /** Its path inside the in-memory file system. */
  path: string;
  /** Runs `fn` (the HDF5 open) while the input may be opened. */
  whileOpening<T>(fn: () => T): T;
  /** Removes the mount and closes the source. */
  release(): void;
}

let mounts = 0;

/** Mounts `source` read-only as `/nt-input-N/input.mat`, visible to nothing but HDF5's open of it. */
export function mountInput(fs: EmscriptenFs, source: InputSource): JailedInput {
  const dir = `/nt-input-${++mounts}`;
  const path = `${dir}/input.mat`;
  fs.mkdir(dir, 0o700);
  const node = fs.mknod(path, 0o100444, 0);
  // MEMFS reports a file's size from usedBytes (stat, SEEK_END); the bytes come from `source`.
  node.usedBytes = source.size;
  node.stream_ops = {
    ...node.stream_ops,
    read: (_stream: unknown, buffer: Int8Array, offset: number, length: number, position: number) =>
      position >= source.size
        ? 0
        : source.read(buffer, offset, Math.min(length, source.size - position), position),
    write: () => {
      throw new fs.ErrnoError(EACCES);
    },
    mmap: () => {
      throw new fs.ErrnoError(EACCES);
    },
  };
  return {
    path,
    whileOpening(fn) {
      openable = path;
      try {
        return fn();
      } finally {
        openable = undefined;
      }
    },
    release() {
      try {
        fs.unlink(path);
        fs.rmdir(dir);
      } finally {
        source.close();
      }
    },
  };
}

/** Reads a file on the host through one descriptor (no copy of the file is made). */
export function fileSource(hostPath: string, label: string): InputSource {
  let fd: number;
  try {
    fd = openSync(hostPath, "r");
  } catch (error) {
    throw new NtError("NOT_FOUND", `${label}: cannot open (${(error as Error).message})`, { cause: error });
  }
  return {
    size: fstatSync(fd).size,
    read: (target, offset, length, position) => readSync(fd, target, offset, length, position),
    close: () => closeSync(fd),
  };
}

/** Serves bytes already in memory. */
export function bytesSource(bytes: Uint8Array): InputSource {
  return {
    size: bytes.length,
    read(target, offset, length, position) {
      const part = bytes.subarray(position, position + length);
      new Uint8Array(target.buffer, target.byteOffset + offset, part.length).set(part);
      return part.length;
    },
    close: () => undefined,
  };
}
