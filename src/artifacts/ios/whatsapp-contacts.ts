/** WhatsApp contacts (LID, phone, names, about text, disappearing-messages timer) from ContactsV2.sqlite; columns probed, WhatsApp 23.x–25.x. */
import { findLinks } from "../_shared/links.ts";
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SqlRow } from "../../core/host.ts";
import { fromAppleTime } from "../../core/time.ts";
import { jsonValue, text } from "../_shared/sql.ts";

const TABLE = "ZWAADDRESSBOOKCONTACT";
/** WhatsApp's standard disappearing-messages timers, in seconds. */
const DURATION_LABELS: Record<number, string> = { 86400: "24 hours", 604800: "7 days", 1209600: "14 days", 2592000: "30 days", 7776000: "90 days" };
const STRINGS = {
  whatsapp_id: "ZWHATSAPPID", lid: "ZLID", phone_number: "ZPHONENUMBER", localized_phone_number: "ZLOCALIZEDPHONENUMBER",
  full_name: "ZFULLNAME", given_name: "ZGIVENNAME", last_name: "ZLASTNAME", user_name: "ZUSERNAME", business_name: "ZBUSINESSNAME",
  about_text: "ZABOUTTEXT", about_emoji: "ZABOUTEMOJI", notes: "ZNOTES",
} as const;
const DATES = {
  disappearing_mode_timestamp: "ZDISAPPEARINGMODETIMESTAMP", about_timestamp: "ZABOUTTIMESTAMP",
  about_expiration_timestamp: "ZABOUTEXPIRATIONTIMESTAMP", last_updated: "ZLASTUPDATED",
} as const;

type Str = string | null;
export interface WhatsappContactRecord {
  row_pk: number;
  whatsapp_id: Str; lid: Str; phone_number: Str; localized_phone_number: Str; full_name: Str; given_name: Str; last_name: Str;
  user_name: Str; business_name: Str; about_text: Str; about_emoji: Str; notes: Str;
  /** Seconds; null when not set or when this WhatsApp version has no such column. */
  disappearing_mode_duration: number | null;
  disappearing_mode_timestamp: Str; about_timestamp: Str; about_expiration_timestamp: Str; last_updated: Str;
  phone_status: number | null; sync_policy: number | null;
  /** null = unknown (no duration column), as MVT. */
  disappearing_mode_is_on: boolean | null;
  disappearing_mode_label: Str;
}

function label(duration: unknown): string {
  const n = Math.trunc(Number(duration));
  return !duration ? "off" : (DURATION_LABELS[n] ?? `${n} seconds`);
}

function describe(r: WhatsappContactRecord): string {
  const who = r.whatsapp_id || r.lid || r.phone_number || "unknown";
  return r.full_name ? `${who} (${r.full_name})` : who;
}

export default defineArtifact<WhatsappContactRecord>({
  id: "ios.whatsapp-contacts",
  platform: "ios",
  mvt: "WhatsappContacts",
  slug: "whatsapp_contacts",
  description: "WhatsApp contacts with LIDs, phone numbers and disappearing-messages settings (ContactsV2.sqlite)",
  sources: [
    { from: "ios-backup", domain: "AppDomainGroup-group.net.whatsapp.WhatsApp.shared", path: "ContactsV2.sqlite" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Shared/AppGroup/*/ContactsV2.sqlite" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!db.tables().has(TABLE)) {
      ctx.warn(`The WhatsApp contacts database does not contain a ${TABLE} table`);
      return;
    }
    const have = new Set(db.columns(TABLE));
    const hasDuration = have.has("ZDISAPPEARINGMODEDURATION");
    if (!hasDuration) ctx.warn("The ZDISAPPEARINGMODEDURATION column is not present in this WhatsApp contacts database: disappearing messages state is unknown");
    const status = ["ZPHONESTATUS", "ZPHONENUMBERSTATUS"].find((c) => have.has(c)); // renamed across WhatsApp versions
    const wanted = [...Object.values(STRINGS), ...Object.values(DATES), "ZDISAPPEARINGMODEDURATION", "ZSYNCPOLICY"].filter((c) => have.has(c));
    const sql = `SELECT Z_PK${wanted.map((c) => ", " + c).join("")}${status ? `, ${status} AS status` : ""} FROM ${TABLE}`;
    for (const row of db.rows<SqlRow>(sql)) {
      const rec: Record<string, unknown> = { row_pk: jsonValue(row.Z_PK ?? null) };
      for (const [k, c] of Object.entries(STRINGS)) rec[k] = text(row[c] ?? null);
      const duration = hasDuration ? (jsonValue(row.ZDISAPPEARINGMODEDURATION ?? null) as number | null) : null;
      rec.disappearing_mode_duration = duration;
      for (const [k, c] of Object.entries(DATES)) rec[k] = row[c] === undefined || row[c] === null ? null : fromAppleTime(row[c]) || null;
      rec.phone_status = status ? jsonValue(row.status ?? null) : null;
      rec.sync_policy = jsonValue(row.ZSYNCPOLICY ?? null);
      rec.disappearing_mode_is_on = hasDuration ? !!duration : null;
      rec.disappearing_mode_label = hasDuration ? label(duration) : null;
      yield rec as unknown as WhatsappContactRecord;
    }
  },
  timeline: (r) => [
    !!r.disappearing_mode_timestamp &&
      ev(r.disappearing_mode_timestamp, "disappearing_mode_set", `WhatsApp disappearing messages timer set to '${r.disappearing_mode_label ?? "None"}' for ${describe(r)}`),
    !!r.about_timestamp &&
      ev(r.about_timestamp, "about_changed", `WhatsApp about text of ${describe(r)} changed${r.about_text ? ` to "${r.about_text}"` : ""}`),
    !!r.about_expiration_timestamp && ev(r.about_expiration_timestamp, "about_expiration", `WhatsApp about text of ${describe(r)} scheduled to expire`),
    !!r.last_updated && ev(r.last_updated, "contact_last_updated", `WhatsApp contact record for ${describe(r)} updated`),
  ],
  indicators: [{ kind: "url", values: (r) => findLinks(r.about_text) }],
});
