-- Custom migration (drizzle-kit generate --custom): array chunks are mostly incompressible float
-- bytes, so skip TOAST compression attempts on write and decompression on read; chunks are still
-- stored out of line.
ALTER TABLE "array_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
