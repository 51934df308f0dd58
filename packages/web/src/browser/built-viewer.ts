// Test support: the built viewer to serve. packages/web/dist when it is newer than every input of the
// build (as after `pnpm build` / scripts/setup.sh), else a fresh Vite build into a temp folder.
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const WEB = fileURLToPath(new URL("../../", import.meta.url));
// What the bundle is made of: the viewer's sources, its config, and the schemas it bundles from packages/schema.
const INPUTS = [
  join(WEB, "src"),
  join(WEB, "vite.config.ts"),
  join(WEB, "package.json"),
  join(WEB, "../schema/src"),
];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** The folder holding index.html and assets/, and whether it was built now. */
export async function builtViewer(): Promise<{ root: string; fresh: boolean; temporary: boolean }> {
  const index = join(WEB, "dist", "index.html");
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(...INPUTS.map(newestMtime)))
    return { root: join(WEB, "dist"), fresh: false, temporary: false };
  const root = mkdtempSync(join(tmpdir(), "nt-web-dist-"));
  await build({
    configFile: join(WEB, "vite.config.ts"),
    logLevel: "error",
    build: { outDir: root, emptyOutDir: true },
  });
  return { root, fresh: true, temporary: true };
}
