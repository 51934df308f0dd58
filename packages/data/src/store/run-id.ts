import { asc, sql } from "drizzle-orm";
import { NtError } from "@neurotranslator/schema";
import type { Connection } from "./driver.ts";
import { runs } from "./tables.ts";

const FULL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_TEMPLATE = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

/** Whether `text` is a leading part of a UUID's text form: hex digits, dashes exactly where a UUID has them. */
function isUuidPrefix(text: string): boolean {
  if (text.length === 0 || text.length > UUID_TEMPLATE.length) return false;
  return [...text].every((ch, i) => (UUID_TEMPLATE[i] === "-" ? ch === "-" : /[0-9a-f]/.test(ch)));
}
/** Shortest prefix accepted (as git does): shorter ones match too much to be worth a query. */
export const MIN_ID_PREFIX = 4;
/** The id width `runs list` prints. */
export const SHORT_ID_LENGTH = 8;

/**
 * The full id of the run `ref` names: a whole UUID, or a unique prefix of one (at least 4 characters,
 * e.g. the 8 that `runs list` prints). Anything else is refused before any SQL runs. NOT_FOUND when
 * no run matches; BAD_INPUT listing the candidates when several do.
 */
export async function resolveRunId(conn: Connection, ref: string): Promise<string> {
  const text = ref.trim().toLowerCase();
  if (FULL_UUID.test(text)) return text;
  const shown = JSON.stringify(ref.length > 40 ? `${ref.slice(0, 40)}...` : ref);
  if (!isUuidPrefix(text) || text.replaceAll("-", "").length < MIN_ID_PREFIX)
    throw new NtError(
      "NOT_FOUND",
      `run ${shown} does not exist (a run id is a UUID or a unique prefix of one, at least ${MIN_ID_PREFIX} hex digits)`,
    );
  // `text` is hex and dashes only, so it holds no LIKE wildcard.
  const rows = await conn.db
    .select({ id: runs.id, layer: runs.layer, solver: runs.solver, createdAt: runs.createdAt })
    .from(runs)
    .where(sql`${runs.id}::text like ${`${text}%`}`)
    .orderBy(asc(runs.id))
    .limit(11);
  if (rows.length === 0) throw new NtError("NOT_FOUND", `no run id starts with ${shown}`);
  if (rows.length === 1) return (rows[0] as { id: string }).id;
  throw ambiguousPrefix(shown, text, rows);
}

/** The error for a prefix several runs share (at most 10 listed; `rows` holds up to 11). */
export function ambiguousPrefix(
  shown: string,
  prefix: string,
  rows: readonly { id: string; layer: string; solver: string; createdAt: Date }[],
): NtError {
  const listed = rows.slice(0, 10);
  const width = Math.max(SHORT_ID_LENGTH, prefix.length + 4);
  const candidates = listed.map(
    (r) =>
      `${r.id.slice(0, width)} (${r.layer}, ${r.solver}, ${r.createdAt.toISOString().slice(0, 19).replace("T", " ")})`,
  );
  const many = rows.length > listed.length ? `more than ${listed.length} runs, e.g.` : `${rows.length} runs:`;
  return new NtError(
    "BAD_INPUT",
    `run id prefix ${shown} is ambiguous: it matches ${many} ${candidates.join("; ")}; give more characters`,
    {
      details: { candidates: listed.map((r) => r.id) },
    },
  );
}
