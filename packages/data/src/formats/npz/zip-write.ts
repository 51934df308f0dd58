import { deflateSync } from "fflate";
import { crc32 } from "./crc32.ts";
import { needsUtf8Flag } from "./zip-names.ts";

export interface ZipInput {
  name: string;
  /** The member's bytes, as consecutive parts (not concatenated unless compressed). */
  parts: Uint8Array[];
  compress: boolean;
}

export interface ZipWriteOptions {
  /** "auto" (default) writes ZIP64 values only where Python's zipfile would; "always" forces them everywhere. */
  zip64?: "auto" | "always";
}

// Python's zipfile switches to ZIP64 above 2^31 - 1, not 2^32 - 1; mirror it.
const ZIP64_LIMIT = 2 ** 31 - 1;
const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1;
const UNIX_RW_OWNER = 0o600 * 0x10000;

/**
 * Builds a zip archive the way NumPy's savez does through Python's zipfile (fixed 1980-01-01
 * timestamps, a ZIP64 extra in every local header, ZIP64 central values only when needed), so
 * stored archives are byte-identical to np.savez output. Returns the archive as parts.
 */
export function buildZip(inputs: readonly ZipInput[], options: ZipWriteOptions = {}): Uint8Array[] {
  const always = options.zip64 === "always";
  const out: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const input of inputs) {
    const raw = input.compress ? concat(input.parts) : undefined;
    const payload = raw ? [deflateSync(raw, { level: 6 })] : input.parts;
    let crc = 0;
    for (const part of input.parts) crc = crc32(part, crc);
    const size = sum(input.parts);
    const compressedSize = sum(payload);
    const name = new TextEncoder().encode(input.name);
    const flags = needsUtf8Flag(input.name) ? 0x800 : 0;
    const method = input.compress ? 8 : 0;
    const bigSizes = always || size > ZIP64_LIMIT || compressedSize > ZIP64_LIMIT;

    const local = new Uint8Array(30 + name.length + 20);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, bigSizes ? 45 : 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, DOS_DATE_1980, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, bigSizes ? 0xffffffff : compressedSize, true);
    lv.setUint32(22, bigSizes ? 0xffffffff : size, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, 20, true);
    local.set(name, 30);
    lv.setUint16(30 + name.length, 0x0001, true);
    lv.setUint16(32 + name.length, 16, true);
    lv.setBigUint64(34 + name.length, BigInt(size), true);
    lv.setBigUint64(42 + name.length, BigInt(compressedSize), true);

    const extra: number[] = bigSizes ? [size, compressedSize] : [];
    const bigOffset = always || offset > ZIP64_LIMIT;
    if (bigOffset) extra.push(offset);
    const extraLength = extra.length > 0 ? 4 + 8 * extra.length : 0;
    const version = extra.length > 0 ? 45 : 20;
    const cd = new Uint8Array(46 + name.length + extraLength);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, (3 << 8) | version, true); // made by: Unix
    cv.setUint16(6, version, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, DOS_DATE_1980, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, bigSizes ? 0xffffffff : compressedSize, true);
    cv.setUint32(24, bigSizes ? 0xffffffff : size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, extraLength, true);
    cv.setUint32(38, UNIX_RW_OWNER, true);
    cv.setUint32(42, bigOffset ? 0xffffffff : offset, true);
    cd.set(name, 46);
    if (extra.length > 0) {
      cv.setUint16(46 + name.length, 0x0001, true);
      cv.setUint16(48 + name.length, 8 * extra.length, true);
      extra.forEach((v, i) => cv.setBigUint64(50 + name.length + 8 * i, BigInt(v), true));
    }
    out.push(local, ...payload);
    central.push(cd);
    offset += local.length + compressedSize;
  }
  const cdOffset = offset;
  const cdSize = sum(central);
  out.push(...central);
  const count = inputs.length;
  if (always || count > 0xffff || cdOffset > ZIP64_LIMIT || cdSize > ZIP64_LIMIT) {
    const rec = new Uint8Array(56 + 20);
    const v = new DataView(rec.buffer);
    v.setUint32(0, 0x06064b50, true);
    v.setBigUint64(4, 44n, true);
    v.setUint16(12, 45, true);
    v.setUint16(14, 45, true);
    v.setBigUint64(24, BigInt(count), true);
    v.setBigUint64(32, BigInt(count), true);
    v.setBigUint64(40, BigInt(cdSize), true);
    v.setBigUint64(48, BigInt(cdOffset), true);
    v.setUint32(56, 0x07064b50, true);
    v.setBigUint64(64, BigInt(cdOffset + cdSize), true);
    v.setUint32(72, 1, true);
    out.push(rec);
  }
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, Math.min(count, 0xffff), true);
  ev.setUint16(10, Math.min(count, 0xffff), true);
  ev.setUint32(12, Math.min(cdSize, 0xffffffff), true);
  ev.setUint32(16, Math.min(cdOffset, 0xffffffff), true);
  out.push(end);
  return out;
}

function sum(parts: readonly Uint8Array[]): number {
  return parts.reduce((n, p) => n + p.length, 0);
}

/** Concatenates parts into one new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(sum(parts));
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}
