/** Phone, FaceTime and app (CallKit) calls from CallHistory.storedata's ZCALLRECORD (Core Data; iOS 8–18). */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { fromAppleTime } from "../../core/time.ts";
import { existingColumns, text } from "../_shared/sql.ts";

export interface CallRecord {
  /** ZDATE: when the call started. */
  readonly isodate: string;
  /** ZDURATION, seconds. */
  readonly duration: number | null;
  readonly location: string | null;
  /** ZADDRESS: a phone number, or an Apple ID email for FaceTime (stored as text or as a UTF-8 blob). */
  readonly number: string | null;
  /** ZSERVICE_PROVIDER: com.apple.Telephony, com.apple.FaceTime, or a calling app's bundle id. */
  readonly provider: string | null;
}

const COLUMNS = ["ZDATE", "ZDURATION", "ZLOCATION", "ZADDRESS", "ZSERVICE_PROVIDER"] as const;

/** ZDURATION is a Core Data double: MVT prints Python floats, so 12 reads "12.0". */
const pyFloat = (v: number | null) => (v === null ? "None" : Number.isInteger(v) ? `${v}.0` : String(v));
const py = (v: unknown) => (v === null || v === undefined ? "None" : String(v));

export default defineArtifact<CallRecord>({
  id: "ios.calls",
  platform: "ios",
  mvt: "Calls",
  slug: "calls",
  description: "Call history: phone, FaceTime and calling-app calls",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/CallHistoryDB/CallHistory.storedata" },
    { from: "ios-fs", glob: "private/var/mobile/Library/CallHistoryDB/CallHistory.storedata" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!db.tables().has("ZCALLRECORD")) return;
    const have = new Set(existingColumns(db, "ZCALLRECORD", COLUMNS));
    // A column some schema lacks reads as NULL (the record keys are MVT's fixed five).
    const sql = `SELECT ${COLUMNS.map((c) => (have.has(c) ? c : `NULL AS ${c}`)).join(", ")} FROM ZCALLRECORD`;
    for (const r of db.rows<Record<(typeof COLUMNS)[number], number | string | Uint8Array | null>>(sql)) {
      yield {
        isodate: fromAppleTime(r.ZDATE),
        duration: typeof r.ZDURATION === "number" ? r.ZDURATION : null,
        location: text(r.ZLOCATION),
        number: text(r.ZADDRESS),
        provider: text(r.ZSERVICE_PROVIDER),
      };
    }
  },
  timeline: (r) => [ev(r.isodate, "call", `From ${py(r.number)} using ${py(r.provider)} during ${pyFloat(r.duration)} seconds`)],
  // Beyond MVT (which checks nothing here): a FaceTime address that is an email, and a calling app's bundle id.
  indicators: [
    { kind: "email", values: (r) => (r.number?.includes("@") ? r.number : []) },
    { kind: "app_id", values: (r) => (r.provider && !r.provider.startsWith("com.apple.") ? r.provider : []) },
  ],
});
