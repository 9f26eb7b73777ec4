/** SMS/iMessage attachments from sms.db's attachment table (iOS 11–18; older schemas without it give nothing). */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { finding } from "../../core/check-record.ts";
import { fromAppleTime } from "../../core/time.ts";
import { hasTables, jsonRow } from "../_shared/sql.ts";

/** One attachment: every `attachment` column (blobs base64) plus MVT's derived keys. */
export interface SmsAttachmentRecord {
  readonly [column: string]: unknown;
  readonly attachment_id: number;
  readonly transfer_name: string | null;
  readonly total_bytes: number | null;
  readonly is_sticker: number | null;
  /** message.service, "Unknown" when the attachment has no message. */
  readonly service: string;
  readonly phone_number: string | null;
  /** created_date. */
  readonly isodate: string;
  readonly start_date: string;
  readonly direction: "sent" | "received";
  readonly has_user_info: boolean;
  /** The stored path ("~/Library/SMS/Attachments/…"), "NULL" when empty. */
  readonly filename: string;
}

const SELECT = `SELECT attachment.ROWID AS attachment_id, attachment.*, message.service AS service, handle.id AS phone_number
  FROM attachment
  LEFT JOIN message_attachment_join ON message_attachment_join.attachment_id = attachment.ROWID
  LEFT JOIN message ON message.ROWID = message_attachment_join.message_id
  LEFT JOIN handle ON handle.ROWID = message.handle_id`;

/** Python's str() of a value, as MVT's f-strings print it. */
const py = (v: unknown) => (v === null || v === undefined ? "None" : v === true ? "True" : v === false ? "False" : String(v));

export default defineArtifact<SmsAttachmentRecord>({
  id: "ios.sms-attachments",
  platform: "ios",
  mvt: "SMSAttachments",
  slug: "sms_attachments",
  description: "Files sent or received in SMS/iMessage conversations",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/SMS/sms.db" },
    { from: "ios-fs", glob: "private/var/mobile/Library/SMS/sms.db" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!hasTables(db, "attachment", "message_attachment_join", "message", "handle")) return;
    for (const row of db.rows(SELECT)) {
      const r = jsonRow(row);
      r.isodate = fromAppleTime(row.created_date);
      r.start_date = fromAppleTime(row.start_date);
      r.direction = row.is_outgoing === 1 ? "sent" : "received";
      r.has_user_info = row.user_info !== null && row.user_info !== undefined;
      r.service = row.service || "Unknown";
      r.filename = row.filename || "NULL";
      yield r as SmsAttachmentRecord;
    }
  },
  timeline: (r) => [
    ev(r.isodate, "sms_attachment",
      `${py(r.service)}: Attachment '${py(r.transfer_name)}' ${r.direction} from ${py(r.phone_number)} with ${py(r.total_bytes)} bytes ` +
        `(is_sticker: ${py(r.is_sticker)}, has_user_info: ${py(r.has_user_info)})`),
  ],
  // MVT checks the stored path (file_path, which also compares its base name with file names) at HIGH; the
  // sender's original name (transfer_name) is checked as a file name too, beyond MVT.
  indicators: [
    { kind: "file_path", values: (r) => (r.filename === "NULL" ? [] : r.filename), level: "HIGH" },
    { kind: "file_name", values: (r) => r.transfer_name, level: "HIGH" },
  ],
  heuristics: [
    // Received attachments staged in /var/tmp with a "-1" suffix: seen in FORCEDENTRY-style zero-click deliveries.
    (r) =>
      r.direction === "received" && r.filename.startsWith("/var/tmp/") && r.filename.endsWith("-1") &&
      finding("MEDIUM", `Suspicious iMessage attachment ${r.filename} on ${r.isodate}`, r, r.isodate),
  ],
});
