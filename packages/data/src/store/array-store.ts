import { createHash, randomUUID } from "node:crypto";
import { and, eq, inArray, notExists, or } from "drizzle-orm";
import { NtError, formatShape } from "@neurotranslator/schema";
import type { NdArray } from "@neurotranslator/schema";
import { arrayBytes, arrayFromBytes } from "./array-codec.ts";
import { bytesSink, float64ToFloat32Sink, type ByteSink } from "./byte-sink.ts";
import { ARRAY_CHUNK_BYTES, type Connection } from "./driver.ts";
import { arrays, datasetArrays, featureLayers, runArrays } from "./tables.ts";

/** A stored array's header (its bytes are in array_chunks). */
export type ArrayInfo = typeof arrays.$inferSelect;

/**
 * Stores `array` and returns its id. The bytes go out in chunks of ARRAY_CHUNK_BYTES as views over
 * the array's own buffer, so no full-size copy (hex, JSON, concatenation) is made on our side.
 */
export async function putArray(conn: Connection, array: NdArray, what = "array"): Promise<string> {
  const bytes = arrayBytes(array, what);
  const id = randomUUID();
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await conn.db.insert(arrays).values({
    id,
    dtype: array.dtype,
    shape: array.shape,
    byteLength: bytes.byteLength,
    sha256,
  });
  if (conn.putChunks !== undefined) {
    await conn.putChunks(id, bytes, ARRAY_CHUNK_BYTES);
    return id;
  }
  for (let seq = 0, offset = 0; offset < bytes.byteLength; seq++, offset += ARRAY_CHUNK_BYTES) {
    await conn.insertChunk(
      id,
      seq,
      bytes.subarray(offset, Math.min(offset + ARRAY_CHUNK_BYTES, bytes.byteLength)),
    );
  }
  return id;
}

export async function getArrayInfo(conn: Connection, id: string): Promise<ArrayInfo> {
  const [info] = await conn.db.select().from(arrays).where(eq(arrays.id, id));
  if (info === undefined) throw new NtError("NOT_FOUND", `array ${id} does not exist`);
  return info;
}

/**
 * Reads array `id` back bit-exact: one buffer of the stored size is allocated and each chunk is copied
 * into it once from the driver's buffer; the typed array is a view over that buffer.
 * With `verify`, the SHA-256 recorded at write time is checked too. With `as: "float32"`, a float64
 * array arrives as float32 (rounded to nearest, as a Float32Array assignment does) without the
 * float64 copy ever being made; other dtypes arrive as stored.
 */
export async function getArray(
  conn: Connection,
  id: string,
  options: { verify?: boolean; as?: "float32" } = {},
): Promise<NdArray> {
  const info = await getArrayInfo(conn, id);
  const what = `array ${id} (${info.dtype} ${formatShape(info.shape)})`;
  if (options.as === "float32" && info.dtype === "float64") {
    if (options.verify === true) throw new NtError("BAD_INPUT", `${what}: cannot verify a converted read`);
    const data = new Float32Array(Math.floor(info.byteLength / 8));
    await readInto(conn, id, info, float64ToFloat32Sink(data), what);
    return arrayFromBytes("float32", info.shape, data.buffer, what);
  }
  const buffer = new ArrayBuffer(info.byteLength);
  const target = new Uint8Array(buffer);
  await readInto(conn, id, info, bytesSink(target), what);
  if (options.verify === true) {
    const sha256 = createHash("sha256").update(target).digest("hex");
    if (sha256 !== info.sha256)
      throw new NtError("STORE", `${what}: SHA-256 ${sha256} differs from stored ${info.sha256}`);
  }
  return arrayFromBytes(info.dtype, info.shape, buffer, what);
}

/** Every chunk of array `id` into `sink`, in one statement where the driver can. */
async function readInto(
  conn: Connection,
  id: string,
  info: ArrayInfo,
  sink: ByteSink,
  what: string,
): Promise<void> {
  let offset = 0;
  if (conn.readAllInto !== undefined) {
    offset = await conn.readAllInto(id, sink);
    if (offset !== info.byteLength)
      throw new NtError("STORE", `${what}: its chunks hold ${offset} of its ${info.byteLength} bytes`);
  }
  for (let seq = 0; offset < info.byteLength; seq++) {
    const length = await conn.readChunkInto(id, seq, sink, offset);
    if (length === undefined || length === 0) throw new NtError("STORE", `${what}: chunk ${seq} is missing`);
    offset += length;
  }
}

/** Deletes those of `ids` that no dataset, feature layer or run references any more (chunks cascade). */
export async function deleteOrphanArrays(conn: Connection, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const { db } = conn;
  await db.delete(arrays).where(
    and(
      inArray(arrays.id, [...ids]),
      notExists(db.select().from(datasetArrays).where(eq(datasetArrays.arrayId, arrays.id))),
      notExists(db.select().from(runArrays).where(eq(runArrays.arrayId, arrays.id))),
      notExists(
        db
          .select()
          .from(featureLayers)
          .where(or(eq(featureLayers.trainArrayId, arrays.id), eq(featureLayers.testArrayId, arrays.id))),
      ),
    ),
  );
}
