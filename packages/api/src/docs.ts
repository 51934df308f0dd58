import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import { bodyBytes } from "./body-bytes.ts";

/*
 * Swagger UI served from the installed swagger-ui-dist package, so /docs works offline. Only the
 * files named here are served: the URL never reaches the filesystem.
 */
const ASSETS = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
} as const;

const distDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>NeuroTranslator API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-init.js"></script>
</body>
</html>`;

// In a separate file (not inline) so the Content-Security-Policy can forbid inline scripts.
const INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });`;

export function docsRoutes() {
  const cache = new Map<string, Uint8Array>();
  const app = new Hono();
  app.get("/docs", (c) => c.html(PAGE));
  app.get("/docs/swagger-init.js", (c) =>
    c.body(INIT, 200, { "Content-Type": "text/javascript; charset=utf-8" }),
  );
  for (const [file, type] of Object.entries(ASSETS)) {
    app.get(`/docs/${file}`, (c) => {
      let bytes = cache.get(file);
      if (bytes === undefined) cache.set(file, (bytes = readFileSync(join(distDir, file))));
      return c.body(bodyBytes(bytes), 200, {
        "Content-Type": type,
        "Cache-Control": "public, max-age=86400",
      });
    });
  }
  return app;
}
