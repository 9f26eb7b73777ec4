/**
 * SMS and MMS from an Android backup (`adb backup` of com.android.providers.telephony, Android 6+: the
 * TelephonyBackupAgent's `*_sms_backup` / `*_mms_backup` members, each a zlib-compressed JSON list).
 */
import { findLinks } from "../_shared/links.ts";
import { defineArtifact } from "../../core/artifact.ts";
import { SpyglassError } from "../../core/errors.ts";
import type { SourceFile } from "../../core/source.ts";
import { fromUnixMillis } from "../../core/time.ts";

/** One message as the backup agent wrote it (string values: "date" is epoch ms as text), plus MVT's keys. */
export interface AndroidSmsRecord {
  readonly [key: string]: unknown;
  readonly address?: unknown;
  /** The text; for an MMS, its `mms_body` moved here (as MVT does). Absent for an MMS without a text part. */
  readonly body?: unknown;
  readonly date?: unknown;
  readonly date_sent?: unknown;
  /** `date` as epoch ms, UTC (MVT: a seconds value is still divided by 1000 and lands in 1970). */
  readonly isodate: string;
  readonly direction: "sent" | "received";
  /** Present when the body has links ([…]) or is blank ([] or null, as MVT writes it); absent otherwise. */
  readonly links?: string[] | null;
}

/** The agent writes 1000 messages per member, a few MB of JSON; more is not a telephony backup. */
const MAX_INFLATED = 64 * 1024 * 1024;

async function inflate(file: SourceFile): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    // zlib framing ("deflate"); the cast only narrows the DOM typings' BufferSource input to Uint8Array.
    const reader = file.stream().pipeThrough(new DecompressionStream("deflate") as unknown as TransformStream<Uint8Array, Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_INFLATED) {
        await reader.cancel();
        throw new SpyglassError("E_LIMIT", `inflates past ${MAX_INFLATED} bytes`, { file: file.path });
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof SpyglassError) throw err;
    throw new SpyglassError("E_CORRUPT", `not a zlib-compressed SMS/MMS backup member (${(err as Error).message})`, { file: file.path, cause: err });
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) all.set(c, (at += c.length) - c.length);
  return new TextDecoder().decode(all);
}

function toRecord(entry: Record<string, unknown>): AndroidSmsRecord {
  const r: Record<string, unknown> = entry;
  if ("mms_body" in r) {
    r.body = r.mms_body;
    delete r.mms_body;
  }
  const body = r.body;
  r.isodate = fromUnixMillis(typeof r.date === "string" ? r.date.trim() : r.date);
  r.direction = Number(r.date_sent ?? 0) ? "sent" : "received";
  if (typeof body === "string") {
    const links = body !== "" ? findLinks(body) : null;
    if (links?.length || body.trim() === "") r.links = links;
  }
  return r as AndroidSmsRecord;
}

/** Email addresses among the parties (an SMS `address`, its `recipients`, an MMS's `mms_addresses`). */
function emails(r: AndroidSmsRecord): string[] {
  const parties = [r.address, ...(Array.isArray(r.recipients) ? r.recipients : [])];
  if (Array.isArray(r.mms_addresses)) for (const a of r.mms_addresses) parties.push((a as { address?: unknown } | null)?.address);
  return parties.filter((p): p is string => typeof p === "string" && p.includes("@"));
}

export default defineArtifact<AndroidSmsRecord>({
  id: "android.sms",
  platform: "android",
  mvt: "SMS",
  slug: "sms",
  description: "SMS and MMS messages from an Android backup, and the links they hold",
  // All SMS members, then all MMS members, as MVT reads them.
  sources: [
    { from: "android-backup", glob: "apps/com.android.providers.telephony/d_f/*_sms_backup" },
    { from: "android-backup", glob: "apps/com.android.providers.telephony/d_f/*_mms_backup" },
  ],
  async *parse({ file }, ctx) {
    let list: unknown;
    try {
      list = JSON.parse(await inflate(file));
    } catch (err) {
      if (err instanceof SpyglassError) throw err;
      throw new SpyglassError("E_CORRUPT", `not a JSON list of messages (${(err as Error).message.slice(0, 120)})`, { file: file.path });
    }
    if (!Array.isArray(list)) throw new SpyglassError("E_SCHEMA", "not a JSON list of messages", { file: file.path });
    let skipped = 0;
    for (const entry of list) {
      if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) yield toRecord(entry as Record<string, unknown>);
      else skipped++;
    }
    if (skipped) ctx.warn(`${skipped} entries that are not messages skipped`);
  },
  // MVT checks the links of messages that have a body; email parties are checked beyond MVT.
  indicators: [
    { kind: "url", values: (r) => ("body" in r && r.links) || [] },
    { kind: "email", values: emails },
  ],
  urls: (r) => ("body" in r && Array.isArray(r.links) ? r.links.filter((u) => typeof u === "string") : []).map((url) => ({ url, timestamp: r.isodate })),
  urlSource: "sms",
});
