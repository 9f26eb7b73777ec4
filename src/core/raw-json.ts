/**
 * Records whose JSON text was rendered before they reached JS (by SQLite, for the largest tables): the record object
 * holds only the fields the module's checks read, and its text, in MVT's layout, is what the results file gets.
 * `fullRecord` gives the whole record back where one is shown (alerts, tests); integers beyond 2^53 stay exact.
 */
import { EXACT_INT_MARK, reviveExact } from "./exact-int.ts";

export const RAW_JSON: unique symbol = Symbol("spyglass.rawJson");

/**
 * The record as an item of a JSON list indented by 4 (Python's json.dumps(indent=4)): it starts with "    {",
 * one member a line at 8 spaces, and ends with "    }"; non-ASCII characters may still be unescaped. Either one
 * string, or its pieces in order where the host gave SQLite's rendered text as bytes (RawJsonPieces).
 */
export type RawJson = string | RawJsonPieces;

/**
 * Strings, and UTF-8 bytes of ASCII text without DEL (written out as they are, nothing to escape). The page's scan
 * workers get SQLite's rendered JSON so (SqliteDb.rows `rendered`): making a string of it, then encoding that string
 * again, was their largest cost (Chromium's encodeInto ~1.2 ns a byte). The bytes are lent until the module reads
 * its next row: such a record is written (and its alerts made) before the next is read, as runChunk does.
 */
export type RawJsonPieces = readonly (string | Uint8Array)[];

const UTF8 = new TextDecoder();

/** The text of a record's JSON, pieces joined. */
export function rawJsonText(raw: RawJson): string {
  return typeof raw === "string" ? raw : raw.map((p) => (typeof p === "string" ? p : UTF8.decode(p))).join("");
}

export function withRawJson<T extends object>(fields: T, json: RawJson): T {
  (fields as { [RAW_JSON]?: RawJson })[RAW_JSON] = json;
  return fields;
}

export function rawJsonOf(record: unknown): RawJson | undefined {
  return typeof record === "object" && record !== null ? (record as { [RAW_JSON]?: RawJson })[RAW_JSON] : undefined;
}

// A whole line holding one integer too long for a double to be sure of: a member value or a list element.
// The marker as it reads inside a JSON string.
const MARK_IN_JSON = JSON.stringify(EXACT_INT_MARK).slice(1, -1);
const LONG_INT_LINE = /^(\s*(?:"(?:[^"\\\n]|\\.)*": )?)(-?\d{16,})(,?)$/gm;

/** The complete record: parsed from its text when it has one, else the record itself. */
export function fullRecord<T>(record: T): T {
  const raw = rawJsonOf(record);
  if (raw === undefined) return record;
  const marked = rawJsonText(raw).replace(LONG_INT_LINE, (_, head: string, digits: string, comma: string) => `${head}"${MARK_IN_JSON}${digits}"${comma}`);
  return JSON.parse(marked, reviveExact) as T;
}
