/** The bytes of a view as an ArrayBuffer of exactly its length (what Hono's c.body takes). */
export function bodyBytes(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
