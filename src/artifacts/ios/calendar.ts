/** Calendar events and their organizer from Calendar.sqlitedb (CalendarItem ⟕ Participant; iOS 9–18, columns probed). */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { finding } from "../../core/check-record.ts";
import { fromAppleTime } from "../../core/time.ts";
import { existingColumns, jsonRow } from "../_shared/sql.ts";

export interface CalendarRecord {
  readonly id: number;
  readonly summary: string | null;
  readonly description: string | null;
  readonly start_date: string | null;
  readonly end_date: string | null;
  readonly all_day?: number | null;
  readonly calendar_id?: number | null;
  readonly organizer_id?: number | null;
  readonly url?: string | null;
  readonly last_modified?: string | null;
  readonly external_id?: string | null;
  readonly external_mod_tag?: string | null;
  readonly unique_identifier?: string | null;
  readonly hidden?: number | null;
  readonly uuid?: string | null;
  readonly creation_date?: string | null;
  readonly action?: string | null;
  readonly created_by_id?: number | null;
  readonly participant_uuid?: string | null;
  /** The organizer's email address. */
  readonly participant_email?: string | null;
  readonly participant_phone?: string | null;
  readonly participant_comment?: string | null;
  readonly participant_last_modified?: string | null;
}

// [record key, column] in MVT's key order; columns a schema lacks are left out of the record.
const ITEM: readonly [string, string][] = [
  ["id", "ROWID"], ["summary", "summary"], ["description", "description"], ["start_date", "start_date"], ["end_date", "end_date"],
  ["all_day", "all_day"], ["calendar_id", "calendar_id"], ["organizer_id", "organizer_id"], ["url", "url"],
  ["last_modified", "last_modified"], ["external_id", "external_id"], ["external_mod_tag", "external_mod_tag"],
  ["unique_identifier", "unique_identifier"], ["hidden", "hidden"], ["uuid", "UUID"], ["creation_date", "creation_date"],
  ["action", "action"], ["created_by_id", "created_by_id"],
];
const PARTICIPANT: readonly [string, string][] = [
  ["participant_uuid", "UUID"], ["participant_email", "email"], ["participant_phone", "phone_number"],
  ["participant_comment", "comment"], ["participant_last_modified", "last_modified"],
];
const TIMES = ["start_date", "end_date", "last_modified", "creation_date", "participant_last_modified"] as const;

const py = (v: unknown) => (v === null || v === undefined ? "None" : String(v));

export default defineArtifact<CalendarRecord>({
  id: "ios.calendar",
  platform: "ios",
  mvt: "Calendar",
  slug: "calendar",
  description: "Calendar events and who sent the invitation (Quadream used calendar invitations)",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/Calendar/Calendar.sqlitedb" },
    { from: "ios-fs", glob: "private/var/mobile/Library/Calendar/Calendar.sqlitedb" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!db.tables().has("CalendarItem")) return;
    const pick = (table: string, pairs: readonly [string, string][]) => {
      const have = new Set(existingColumns(db, table, pairs.map(([, c]) => c)).map((c) => c.toLowerCase()));
      return pairs.filter(([, c]) => have.has(c.toLowerCase()) || c === "ROWID").map(([k, c]) => `${table}.${c} AS "${k}"`);
    };
    const cols = pick("CalendarItem", ITEM);
    // organizer_id is needed for the join; without Participant (or the column) the participant keys are left out.
    const join = db.tables().has("Participant") && cols.some((c) => c.endsWith('"organizer_id"'));
    if (join) cols.push(...pick("Participant", PARTICIPANT));
    const from = join ? "CalendarItem LEFT JOIN Participant ON Participant.ROWID = CalendarItem.organizer_id" : "CalendarItem";
    for (const row of db.rows(`SELECT ${cols.join(", ")} FROM ${from}`)) {
      const r = jsonRow(row);
      // As MVT: text and NULL stay as they are; numbers are Apple absolute time.
      for (const k of TIMES) if (k in r && r[k] !== null && typeof r[k] !== "string") r[k] = fromAppleTime(r[k]);
      yield r as unknown as CalendarRecord;
    }
  },
  timeline: (r) => {
    const data = `Calendar event ${py(r.summary)} (${py(r.description)}) (invitation by ${py(r.participant_email)})`;
    return TIMES.map((k) => !!r[k] && ev(r[k], k, data));
  },
  indicators: [
    { kind: "email", values: (r) => r.participant_email },
    { kind: "url", values: (r) => r.url }, // beyond MVT: the event's link
  ],
  heuristics: [
    // Quadream's ENDOFDAYS exploit left calendar invitations titled "Meeting" with the description "Notes".
    (r) =>
      r.summary === "Meeting" && r.description === "Notes" &&
      finding("HIGH", `Potential Quadream exploit event identified: ${py(r.uuid)}`, r),
  ],
});
