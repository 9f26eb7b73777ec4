/** SMS and iMessage messages from sms.db (iOS 10–18: dates in seconds or, since iOS 11, nanoseconds; text in attributedBody since iOS 16). */
import { findLinks } from "../_shared/links.ts";
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { finding } from "../../core/check-record.ts";
import { fromAppleTime } from "../../core/time.ts";
import { decodeTypedStreamString } from "../../formats/nskeyed.ts";
import { hasTables, jsonValue } from "../_shared/sql.ts";
import { ExactInteger } from "../../core/exact-int.ts";

/** One message: every `message` column (blobs base64, integers beyond 2^53 as ExactInteger) plus MVT's derived keys. */
export interface SmsRecord {
  readonly [column: string]: unknown;
  readonly guid: string;
  /** `text`, or the text decoded from attributedBody when `text` is empty (iOS 16+); "" when neither has any. */
  readonly text: string;
  readonly service: string | null;
  readonly account: string | null;
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
/**
 * MVT's inner join: messages without a handle (handle_id 0, e.g. some sent group messages) are left out, as in MVT.
 * Columns are listed so the date columns, which hold 18-digit nanosecond values a double would round, are read
 * exactly as text in their own place.
 */
function selectMessages(columns: readonly string[], dateColumns: ReadonlySet<string>): string {
  const list = columns.map((c) => (dateColumns.has(c) ? `CAST(message."${c}" AS TEXT) AS "${c}"` : `message."${c}"`));
  return `SELECT ${list.join(", ")}, handle.id AS phone_number FROM message, handle WHERE handle.ROWID = message.handle_id`;
}

/** Python's str() of a value, as MVT's f-strings print it (None for null). */
const py = (v: unknown) => (v === null || v === undefined ? "None" : String(v));

/** A date column read as text: a number when a double holds it exactly, else an ExactInteger. */
function exact(text: unknown): unknown {
  if (typeof text !== "string" || !/^-?\d+$/.test(text)) return text === null ? null : Number(text);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : new ExactInteger(text);
}

/** The row becomes the record in place (it is fresh from the query): keeps MVT's key order, no second object. */
function toRecord(row: Record<string, unknown>, blobColumns: readonly string[], dateColumns: ReadonlySet<string>): SmsRecord {
  const body = row.attributedBody;
  for (const c of dateColumns) row[c] = exact(row[c]);
  let text = typeof row.text === "string" ? row.text : "";
  if (text === "" && body instanceof Uint8Array) text = decodeTypedStreamString(body) ?? "";
  for (const c of blobColumns) if (row[c] instanceof Uint8Array) row[c] = jsonValue(row[c] as Uint8Array);
  row.text = text;
  // 0 stays 0 (→ ""); 18-digit nanoseconds are exact ExactIntegers.
  row.isodate = fromAppleTime(row.date);
  row.isodate_read = fromAppleTime(row.date_read);
  row.direction = row.is_from_me === 1 ? "sent" : "received";
  row.links = findLinks(text);
  return row as SmsRecord;
}

/** Email addresses in the handle and in the account fields ("e:user@…", "mailto:user@…"). */
function emails(r: SmsRecord): string[] {
  const out: string[] = [];
  for (const v of [r.phone_number, r.account, r.destination_caller_id]) {
    if (typeof v === "string" && v.includes("@")) out.push(v.replace(/^e:/i, ""));
  }
  return out;
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
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!hasTables(db, "message", "handle")) return;
    const columns = db.columns("message");
    const dateColumns = new Set(columns.filter((c) => c.startsWith("date")));
    const blobColumns = ["attributedBody", "payload_data", "message_summary_info", "message_action_info", "syndication_ranges"].filter((c) => columns.includes(c));
    let checkBlobs = true;
    for (const row of db.rows<Record<string, unknown>>(selectMessages(columns, dateColumns))) {
      if (checkBlobs) {
        // Any other blob column of this schema version (found on the first row that has one).
        for (const k in row) if (row[k] instanceof Uint8Array && !blobColumns.includes(k)) blobColumns.push(k);
        checkBlobs = false;
      }
      yield toRecord(row, blobColumns, dateColumns);
    }
  },
  timeline: (r) => [
    ev(r.isodate, "sms_received", describe(r)),
    r.isodate_read !== "" && ev(r.isodate_read, "sms_read", describe(r)),
  ],
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
});
