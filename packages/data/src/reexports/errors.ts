// `@neurotranslator/data/errors` predates the schema package; it stays as an alias so older imports compile.
export * from "@neurotranslator/schema";
