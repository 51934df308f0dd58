// drizzle-kit configuration: `pnpm db:generate` writes SQL migrations for src/store/tables.ts into ./drizzle.
// Generation needs no database; the store applies the migrations on open (src/store/migrate.ts).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/tables.ts",
  out: "./drizzle",
});
