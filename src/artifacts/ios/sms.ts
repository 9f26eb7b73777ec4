/** SMS and iMessage messages from sms.db (iOS 10–18: dates in seconds or, since iOS 11, nanoseconds; text in attributedBody since iOS 16). */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { finding } from "../../core/check-record.ts";
import { fromAppleTime } from "../../core/time.ts";
import type { SqlRow } from "../../core/host.ts";
import { decodeTypedStreamString } from "../../formats/nskeyed.ts";
import { hasTables, jsonValue } from "../_shared/sql.ts";

/** One message: every `message` column (blobs base64, integers beyond 2^53 as bigint) plus MVT's derived keys. */
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

// MVT's check_for_links: "https?://" then non-whitespace, case-insensitive.
const LINK = /https?:\/\/\S+/gi;
// The opening words of Apple's threat notifications (2021 wording, then 2024 wording).
const APPLE_THREAT_TEXTS = [
  "ALERT: State-sponsored attackers may be targeting your iPhone",
  "ALERT: Apple detected a targeted mercenary spyware attack against your iPhone",
];
// MVT's inner join: messages without a handle (handle_id 0, e.g. some sent group messages) are left out, as in MVT.
const SELECT = `SELECT message.*, handle.id AS phone_number FROM message, handle WHERE handle.ROWID = message.handle_id`;

/** Python's str() of a value, as MVT's f-strings print it (None for null). */
const py = (v: unknown) => (v === null || v === undefined ? "None" : String(v));

function toRecord(row: SqlRow, columns: readonly string[]): SmsRecord {
  const rec: Record<string, unknown> = {};
  for (const k of columns) {
    const v = row[k]!;
    rec[k] = typeof v === "bigint" || v instanceof Uint8Array ? jsonValue(v) : v;
  }
  let text = typeof row.text === "string" ? row.text : "";
  if (text === "" && row.attributedBody instanceof Uint8Array) text = decodeTypedStreamString(row.attributedBody) ?? "";
  rec.text = text;
  // The jsonValue'd numbers: 0 stays 0 (→ ""), 18-digit nanoseconds stay exact bigints.
  rec.isodate = fromAppleTime(rec.date);
  rec.isodate_read = fromAppleTime(rec.date_read);
  rec.direction = rec.is_from_me === 1 ? "sent" : "received";
  rec.links = text.match(LINK) ?? [];
  return rec as SmsRecord;
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
    // bigints: sms.db `date` holds 18-digit nanosecond values that a double would round.
    let columns: string[] | undefined; // the same for every row of the query: read once
    for (const row of db.rows(SELECT, [], { bigints: true })) yield toRecord(row, (columns ??= Object.keys(row)));
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
