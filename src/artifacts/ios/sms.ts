/** SMS and iMessage messages from sms.db (iOS 10–18: dates in seconds or, since iOS 11, nanoseconds; text in attributedBody since iOS 16). */
import { findLinks } from "../_shared/links.ts";
import { defineArtifact, rangeSql } from "../../core/artifact.ts";
import { sqlIdentifier } from "../../core/host.ts";
import { ev } from "../../core/events.ts";
import { finding } from "../../core/check-record.ts";
import { fromAppleTime } from "../../core/time.ts";
import { decodeTypedStreamString } from "../../formats/nskeyed.ts";
import { hasTables, jsonValue } from "../_shared/sql.ts";
import { isJsonBlobError, JsonRowPlan, needsJs, tableColumns } from "../_shared/sql-json.ts";
import { withRawJson } from "../../core/raw-json.ts";
import { stringListJson } from "../../core/json-text.ts";
import { ExactInteger } from "../../core/exact-int.ts";
import type { CarvedColumns, PartialRecord } from "../../core/carve-port.ts";

/**
 * One message. Written out: every `message` column (blobs base64, integers beyond 2^53 exact) plus MVT's derived
 * keys; SQLite renders that text (see sql-json.ts), so the record object holds only what the checks read.
 */
export interface SmsRecord {
  readonly guid: string;
  /** `text`, or the text decoded from attributedBody when `text` is empty (iOS 16+); "" when neither has any. */
  readonly text: string;
  readonly service: string | null;
  readonly account: string | null;
  readonly destination_caller_id: string | null;
  /** handle.id: the other party's phone number or email address. */
  readonly phone_number: string;
  readonly isodate: string;
  readonly isodate_read: string;
  readonly direction: "sent" | "received";
  readonly links: string[];
}

// The opening words of Apple's threat notifications (2021 wording, then 2024 wording).
const APPLE_THREAT_TEXTS = [
  "ALERT: State-sponsored attackers may be targeting your iPhone",
  "ALERT: Apple detected a targeted mercenary spyware attack against your iPhone",
];
// MVT's inner join: messages without a handle (handle_id 0, e.g. some sent group messages) are left out, as in MVT.
// In ROWID order (MVT's query leaves the order to SQLite's plan): the same order whole or in ranges.
const FROM = "FROM message, handle WHERE handle.ROWID = message.handle_id";
const ORDER = " ORDER BY message.ROWID";
const BLOB_COLUMNS = ["attributedBody", "payload_data", "message_summary_info", "message_action_info", "syndication_ranges"];
// What the checks read beside the rendered text, as [alias, column]; dates as text: 18-digit nanoseconds are more
// than a double holds. A column an old schema lacks reads as NULL.
const FIELDS: [string, string][] = [
  ["_guid", "guid"], ["_service", "service"], ["_account", "account"], ["_caller", "destination_caller_id"],
  ["_from_me", "is_from_me"], ["_date", "date"], ["_date_read", "date_read"],
];
const fieldsSql = (has: ReadonlySet<string>) =>
  [...FIELDS.map(([alias, c]) => `${!has.has(c) ? "NULL" : c.startsWith("date") ? `CAST(message.${sqlIdentifier(c)} AS TEXT)` : `message.${sqlIdentifier(c)}`} AS ${alias}`), "handle.id AS _handle"].join(", ");

/** Python's str() of a value, as MVT's f-strings print it (None for null). */
const py = (v: unknown) => (v === null || v === undefined ? "None" : String(v));

/** A date column read as text: a number when a double holds it exactly, else an ExactInteger. */
function exact(text: unknown): unknown {
  if (typeof text !== "string" || !/^-?\d+$/.test(text)) return text === null || text === undefined ? null : Number(text);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : new ExactInteger(text);
}

/** The message text: `text`, else what iOS 16+ keeps only in attributedBody. */
function messageText(text: unknown, body: unknown): string {
  const t = typeof text === "string" ? text : "";
  return t === "" && body instanceof Uint8Array ? (decodeTypedStreamString(body) ?? "") : t;
}

/** MVT's derived keys, after the columns. */
function derived(text: string, date: unknown, dateRead: unknown, fromMe: unknown) {
  // 0 stays 0 (→ ""); 18-digit nanoseconds are exact ExactIntegers.
  return { isodate: fromAppleTime(date), isodate_read: fromAppleTime(dateRead), direction: fromMe === 1 ? ("sent" as const) : ("received" as const), links: findLinks(text) };
}

/** The derived keys as member lines, as membersJson writes them (written for the one shape they have: faster). */
function derivedJson(d: ReturnType<typeof derived>): string {
  return `        "isodate": ${JSON.stringify(d.isodate)},\n        "isodate_read": ${JSON.stringify(d.isodate_read)},\n        "direction": "${d.direction}",\n        "links": ${stringListJson(d.links)}`;
}

/** A row of the rendered query: the checks' fields, and the text SQLite rendered with the holes filled. */
function renderedRecord(row: Record<string, unknown>, plan: JsonRowPlan): SmsRecord {
  const text = messageText(row.text, row.attributedBody);
  row.text = text;
  const more = derived(text, exact(row._date), exact(row._date_read), row._from_me);
  const fields = {
    guid: row._guid as string,
    text,
    service: row._service as string | null,
    account: row._account as string | null,
    destination_caller_id: (row._caller ?? null) as string | null,
    phone_number: row._handle as string,
    ...more,
  };
  return withRawJson(fields, plan.render(row, derivedJson(more)));
}

/** A row read the plain way (every column a value): the record is the whole object. */
function plainRecord(row: Record<string, unknown>, dateColumns: readonly string[]): SmsRecord {
  const text = messageText(row.text, row._body);
  delete row._body;
  for (const c of dateColumns) row[c] = exact(row[c]);
  for (const k in row) if (row[k] instanceof Uint8Array) row[k] = jsonValue(row[k] as Uint8Array);
  row.text = text;
  Object.assign(row, derived(text, row.date, row.date_read, row.is_from_me));
  return row as unknown as SmsRecord;
}

/** Email addresses in the handle and in the account fields ("e:user@…", "mailto:user@…"). */
function emails(r: SmsRecord): string[] {
  const out: string[] = [];
  for (const v of [r.phone_number, r.account, r.destination_caller_id]) {
    if (typeof v === "string" && v.includes("@")) out.push(v.replace(/^e:/i, ""));
  }
  return out;
}

/**
 * A deleted message row (issue 16): its text, links and accounts; the other party is in `handle`, which a deleted
 * row no longer reaches (phone_number null). Nothing to check without text or account: no record.
 */
function deletedMessage(m: CarvedColumns): PartialRecord<SmsRecord> | undefined {
  const text = messageText(m.text, m.attributedBody);
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  if (text === "" && !str(m.account) && !str(m.destination_caller_id)) return undefined;
  const d = derived(text, m.date, m.date_read, m.is_from_me);
  return { guid: str(m.guid), text, service: str(m.service), account: str(m.account), destination_caller_id: str(m.destination_caller_id), phone_number: null, ...d };
}

const describe = (r: SmsRecord) =>
  `${py(r.service)}: ${py(r.guid)} "${r.text.replaceAll("\n", "\\n")}" from ${py(r.phone_number)} (${py(r.account)})`;

export default defineArtifact<SmsRecord>({
  id: "ios.sms",
  platform: "ios",
  mvt: "SMS",
  slug: "sms",
  description: "SMS and iMessage messages, the links they hold, and Apple threat notifications",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/SMS/sms.db" },
    { from: "ios-fs", glob: "private/var/mobile/Library/SMS/sms.db" },
  ],
  splitRows: { table: "message" },
  async *parse({ file, rows }, ctx) {
    const db = await ctx.sqlite(file);
    if (!hasTables(db, "message", "handle")) return;
    const columns = tableColumns(db, "message");
    const has = new Set(columns.map((c) => c.name));
    const fields = fieldsSql(has);
    const plan = new JsonRowPlan([
      ...columns.map((c) => ({ key: c.name, sql: `message.${sqlIdentifier(c.name)}`, hole: c.name === "text" || BLOB_COLUMNS.includes(c.name) || needsJs(c.type) })),
      { key: "phone_number", sql: "handle.id" },
    ]);
    const range = rangeSql("message.ROWID", rows);
    let done = 0;
    try {
      for (const row of db.rows<Record<string, unknown>>(`SELECT ${plan.select}, ${fields} ${FROM} AND ${range.sql}${ORDER}`, range.params, { rendered: plan.rendered })) {
        done++;
        yield renderedRecord(row, plan);
      }
      return;
    } catch (err) {
      if (!isJsonBlobError(err)) throw err;
    }
    // A blob in a column declared otherwise: the remaining rows the plain way (same query, same order).
    const dates = columns.filter((c) => c.name.startsWith("date")).map((c) => c.name);
    const list = columns.map((c) => (dates.includes(c.name) ? `CAST(message.${sqlIdentifier(c.name)} AS TEXT) AS ${sqlIdentifier(c.name)}` : `message.${sqlIdentifier(c.name)}`));
    const sql = `SELECT ${list.join(", ")}, handle.id AS phone_number, ${has.has("attributedBody") ? "message.attributedBody" : "NULL"} AS _body ${FROM} AND ${range.sql}${ORDER} LIMIT -1 OFFSET ?`;
    for (const row of db.rows<Record<string, unknown>>(sql, [...range.params, done])) yield plainRecord(row, dates);
  },
  timeline: (r) => {
    const data = describe(r);
    return [ev(r.isodate, "sms_received", data), r.isodate_read !== "" && ev(r.isodate_read, "sms_read", data)];
  },
  indicators: [
    { kind: "url", values: (r) => r.links },
    { kind: "email", values: emails },
  ],
  heuristics: [
    (r) =>
      APPLE_THREAT_TEXTS.some((t) => r.text.startsWith(t)) &&
      finding("HIGH", `Apple warning about state-sponsored attack received on the ${r.isodate}`, r, r.isodate),
  ],
  urls: (r) => r.links.map((url) => ({ url, timestamp: r.isodate })),
  urlSource: "sms",
  carve: [{ table: "message", toRecord: deletedMessage }],
});
