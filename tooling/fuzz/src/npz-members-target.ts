import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { writeNpy } from "@neurotranslator/data/formats";
import { readKayNpz } from "@neurotranslator/data";
import { NtError, hasControlChars } from "@neurotranslator/data/errors";
import { pick, randInt, type Rand } from "./random.ts";
import { caseTarget, type FuzzTarget } from "./target.ts";

const KAY_KEYS = ["stimuli", "stimuli_test", "responses", "responses_test", "roi", "roi_names"];
const COUNTS = [0, 1, 6, 7, 100, 5000, 9999, 10_000, 10_001, 65_534, 65_535, 65_536, 70_000];
const NASTY_NAMES = [
  "\u001b[2J\u001b[31merror: forged\n",
  "a\u0000b",
  "\u202eevil",
  "../../x",
  "x".repeat(3000),
  "",
  "/",
  "responses",
  "responses.npy",
];

function npy(shape: number[], data: Float32Array | Int32Array | string[]): Uint8Array {
  return writeNpy({
    dtype: Array.isArray(data) ? "unicode" : data instanceof Int32Array ? "int32" : "float32",
    shape,
    data,
  });
}

const KAY: Record<string, Uint8Array> = {
  stimuli: npy([2, 2, 2], new Float32Array(8)),
  stimuli_test: npy([1, 2, 2], new Float32Array(4)),
  responses: npy([2, 3], new Float32Array(6).fill(1)),
  responses_test: npy([1, 3], new Float32Array(3).fill(1)),
  roi: npy([3], Int32Array.from([1, 2, 1])),
  roi_names: npy([3], ["Other", "V1", "V2"]),
};

/** A zip of `entries` (stored), with ZIP64 end records past 65,534 members; `countLie` shifts the declared count. */
function buildZip(entries: { name: Uint8Array; data: Uint8Array }[], countLie: number): Uint8Array {
  const locals: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x800, true);
    lv.setUint32(14, crc32(data), true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const c = new Uint8Array(46 + name.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 45, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x800, true);
    cv.setUint32(16, crc32(data), true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    c.set(name, 46);
    locals.push(local, data);
    central.push(c);
    offset += local.length + data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const count = Math.max(0, entries.length + countLie);
  const zip64 = count >= 0xffff;
  const tail = new Uint8Array((zip64 ? 56 + 20 : 0) + 22);
  const tv = new DataView(tail.buffer);
  let t = 0;
  if (zip64) {
    tv.setUint32(0, 0x06064b50, true);
    tv.setBigUint64(4, 44n, true);
    tv.setBigUint64(24, BigInt(count), true);
    tv.setBigUint64(32, BigInt(count), true);
    tv.setBigUint64(40, BigInt(cdSize), true);
    tv.setBigUint64(48, BigInt(offset), true);
    tv.setUint32(56, 0x07064b50, true);
    tv.setBigUint64(64, BigInt(offset + cdSize), true);
    tv.setUint32(72, 1, true);
    t = 76;
  }
  tv.setUint32(t, 0x06054b50, true);
  tv.setUint16(t + 8, zip64 ? 0xffff : count, true);
  tv.setUint16(t + 10, zip64 ? 0xffff : count, true);
  tv.setUint32(t + 12, zip64 ? 0xffffffff : cdSize, true);
  tv.setUint32(t + 16, zip64 ? 0xffffffff : offset, true);
  const parts = [...locals, ...central, tail];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The odd members of a case: names with control characters or of 3,000 characters, a Kay key repeated with other data. */
function oddMembers(rand: Rand): { name: string; data: Uint8Array }[] {
  const odd = Array.from({ length: rand() < 0.3 ? 1 + randInt(rand, 3) : 0 }, () => ({
    name: pick(rand, NASTY_NAMES),
    data: KAY.roi as Uint8Array,
  }));
  if (rand() < 0.1) odd.push({ name: `${pick(rand, KAY_KEYS)}.npy`, data: KAY.responses as Uint8Array });
  return odd;
}

/**
 * .npz archives of many members (up to 70,000, ZIP64 past 65,534, declared counts that lie), with the
 * Kay keys present, missing or repeated, and names with control characters or of 3,000 characters,
 * imported as `dataset import` does. Contract: acceptance or an NtError within the time limit, and
 * every message one line of at most 1,000 characters without control characters.
 */
export async function npzMembersTarget(): Promise<FuzzTarget> {
  const dir = mkdtempSync(join(tmpdir(), "nt-fuzz-npz-members-"));
  const encoder = new TextEncoder();
  return caseTarget(
    "npz-members",
    (rand) => {
      const n = rand() < 0.5 ? pick(rand, COUNTS) : randInt(rand, 12_000);
      const keep = KAY_KEYS.filter(() => rand() < 0.85);
      const countLie = rand() < 0.1 ? pick(rand, [-1, 1, 1000, -1000]) : 0;
      const mutations = [
        `${n} members`,
        `kay keys: ${keep.join(",") || "none"}`,
        ...(countLie !== 0 ? [`count ${countLie > 0 ? "+" : ""}${countLie}`] : []),
      ];
      const odd = oddMembers(rand);
      mutations.push(...odd.map((m) => `member ${JSON.stringify(m.name.slice(0, 20))}`));
      // The archive is built and written here, outside the timed read.
      const entries = [...keep.map((k) => ({ name: `${k}.npy`, data: KAY[k] as Uint8Array })), ...odd];
      for (let i = entries.length; i < n; i++)
        entries.push({ name: `extra_${i}.npy`, data: KAY.roi as Uint8Array });
      for (let i = entries.length - 1; i > 0; i--) {
        const j = randInt(rand, i + 1);
        [entries[i], entries[j]] = [entries[j]!, entries[i]!];
      }
      const path = join(dir, "members.npz");
      writeFileSync(
        path,
        buildZip(
          entries.map((e) => ({ name: encoder.encode(e.name), data: e.data })),
          countLie,
        ),
      );
      return {
        mutations,
        async run() {
          try {
            await readKayNpz(path);
            return undefined;
          } catch (error) {
            if (error instanceof NtError && (error.message.length > 1000 || hasControlChars(error.message))) {
              return `${error.code} message of ${error.message.length} characters${hasControlChars(error.message) ? " with control characters" : ""}`;
            }
            throw error;
          }
        },
      };
    },
    async () => rmSync(dir, { recursive: true, force: true }),
  );
}
