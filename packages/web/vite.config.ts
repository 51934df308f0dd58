// The viewer is a static single-page app served by the API (`neurotranslator serve`) from dist/.
// JSX goes through esbuild (no React plugin needed); workspace packages resolve to their TypeScript
// sources. `pnpm dev` proxies API routes to NT_API_URL (default http://127.0.0.1:8787).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const api = process.env["NT_API_URL"] ?? "http://127.0.0.1:8787";
const apiPaths = ["/runs", "/datasets", "/jobs", "/health", "/openapi.json"];

export default defineConfig({
  base: "./",
  root: fileURLToPath(new URL("./src/app", import.meta.url)),
  publicDir: false,
  esbuild: { jsx: "automatic" },
  resolve: { conditions: ["nt-source", "module", "browser", "development|production"] },
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      // zod's sources carry /* @__PURE__ */ comments in places Rollup cannot use; harmless, and noisy.
      onwarn(warning, warn) {
        if (warning.code !== "INVALID_ANNOTATION") warn(warning);
      },
    },
  },
  server: { proxy: Object.fromEntries(apiPaths.map((p) => [p, api])) },
});
