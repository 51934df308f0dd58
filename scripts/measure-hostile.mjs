#!/usr/bin/env node
// Measures how the CLI refuses each hostile file of issue 12 (RELIABILITY.md, "Hostile files"): wall time
// and peak memory of the whole process (GNU time), exit code, and the message (lines, characters).
// The files are the full-size ones of packages/data/test/hostile/make-hostile.py --full (4 MB that
// inflate to 4 GB, and so on). Run from the repository root after `pnpm compile` (so the CLI starts from
// dist/): `node scripts/measure-hostile.mjs [CASE...]`. A first row measures the start-up alone.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, loadavg } from "node:os";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const MAKE = "packages/data/test/hostile/make-hostile.py";
const CLI = "packages/cli/bin/neurotranslator.js";

const vim1 = (f) => [
  "dataset",
  "import-vim1",
  "--responses",
  f["EstimatedResponses.mat"],
  "--stimuli",
  f["Stimuli.mat"],
  "--subject",
  "1",
  "--name",
  "x",
];
const npz = (name) => (f) => ["dataset", "import", f[name], "--name", "x"];
// `dataset simulate` opens the store and loads the model before it reads images, so the image cases
// time the reader itself (readImageDir from dist/, in a fresh process) as well as the command.
const images = (f) => [
  "dataset",
  "simulate",
  "--name",
  "x",
  "--stimuli-dir",
  f.images,
  "--n-train",
  "3",
  "--n-test",
  "3",
];
const READ_IMAGES = `const { readImageDir } = await import("./packages/data/dist/formats/index.js");
try { await readImageDir(process.argv[1]); } catch (e) { process.stderr.write("error: " + e.message + "\\n"); process.exit(1); }`;

const CASES = {
  "v73-external-storage": vim1,
  "v73-external-etc-passwd": vim1,
  "v73-external-stdin": vim1,
  "v73-external-link": vim1,
  "v73-virtual": vim1,
  "v73-soft-outside": vim1,
  "v73-plugin-filter": vim1,
  "v73-gzip-bomb": vim1,
  "v5-zlib-bomb": vim1,
  "v5-million-dims": vim1,
  "v5-200k-variables": vim1,
  "npz-deflate-bomb": npz("bomb.npz"),
  "npz-many-65000": npz("many.npz"),
  "npz-many-130000": npz("many.npz"),
  "npz-many-300000": npz("many.npz"),
  "npz-control-names": npz("names.npz"),
  "npz-roi-names-control": npz("roi-names.npz"),
  "png-16bit-rgba": images,
  "jpeg-large-among-small": images,
};

// `dataset simulate` (the image cases) loads a model first: the shared one when there is no other.
const sharedModel = resolve("../shared/models/mobilenet_v1_025_224_imagenet");
const env = {
  ...process.env,
  ...(process.env.NEUROTRANSLATOR_MODEL || !existsSync(sharedModel)
    ? {}
    : { NEUROTRANSLATOR_MODEL: sharedModel }),
};

function timed(args, store) {
  const argv =
    args[0] === "--reader"
      ? ["--input-type=module", "-e", READ_IMAGES, args[1]]
      : [CLI, "--store", store, ...args];
  const out = spawnSync("/usr/bin/time", ["-f", "%e %M", process.execPath, ...argv], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  const lines = out.stderr.trimEnd().split("\n");
  const [wall, kb] = (lines.pop() ?? "").split(" ").map(Number);
  const message = lines.filter((l) => !/^Command exited with non-zero status/.test(l));
  return {
    code: out.status === 0 ? 0 : Number(/status (\d+)/.exec(out.stderr)?.[1] ?? out.status),
    wall,
    mb: Math.round(kb / 1024),
    message,
  };
}

const wanted = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), "nt-measure-hostile-"));
const rows = [];
try {
  const store = join(work, "store");
  // Two baselines: the CLI failing before it reads anything (start-up alone), and opening the store.
  const startup = timed(["dataset", "import", join(work, "absent.npz"), "--name", "x"], store);
  rows.push([
    "(start-up: `dataset import` of a missing file)",
    startup.wall,
    startup.mb,
    startup.code,
    "-",
    "-",
    "",
  ]);
  timed(["dataset", "list"], store); // creates the store
  const open = timed(["dataset", "list"], store);
  rows.push(["(opening the embedded store: `dataset list`)", open.wall, open.mb, open.code, "-", "-", ""]);
  for (const [name, command] of Object.entries(CASES)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const dir = join(work, name);
    const files = JSON.parse(
      execFileSync("/usr/bin/python3", [MAKE, dir, name, "--full"], { encoding: "utf8", maxBuffer: 1 << 24 }),
    ).files;
    const runs =
      command === images
        ? [
            [`${name} (readImageDir)`, ["--reader", files.images]],
            [name, command(files)],
          ]
        : [[name, command(files)]];
    for (const [label, args] of runs) {
      const r = timed(args, store);
      const text = r.message.join("\n");
      // the error line (TF.js prints a banner on stderr first when a model is loaded)
      const shown = r.message.find((l) => l.startsWith("error: ")) ?? text;
      rows.push([
        label,
        r.wall,
        r.mb,
        r.code,
        r.message.length,
        text.length,
        shown.replace(/\|/g, "\\|").slice(0, 160),
      ]);
    }
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`${name}: ${rows.at(-1).slice(1, 4).join(" ")}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")}; node ${process.version}`,
);
console.log("| case | wall s | peak MB | exit | lines | chars | message (first 160 characters) |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
