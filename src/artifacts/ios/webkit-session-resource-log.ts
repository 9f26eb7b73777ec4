// WebKit's full_browsing_session_resourceLog.plist (browsingStatistics: origins, top-frame redirects; iOS 13–18), one dict entry per file.
import { defineArtifact, type Heuristic } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { fromDate } from "../../core/time.ts";
import { PlistUid, readWholePlist, type PlistValue } from "../../formats/plist.ts";
import { bytesToBase64 } from "../../core/json-text.ts";

export interface ResourceLogEntry {
  origin: unknown;
  redirect_source: unknown;
  redirect_destination: unknown;
  subframe_under_origin: unknown;
  subresource_under_origin: unknown;
  user_interaction: unknown;
  most_recent_interaction: string | null;
  last_seen: string | null;
}

/** MVT writes a dict: file (backup: payload path "a5/a500…"; fs dump: relative path) → entries. */
export type WebkitSessionResourceLogRecord = [file: string, entries: ResourceLogEntry[]];

const isDict = (v: unknown): v is Record<string, PlistValue> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date) && !(v instanceof PlistUid);

/** Plist values as JSON-safe values (records cross the worker boundary). */
function jsonSafe(v: PlistValue | undefined): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return fromDate(v);
  if (v instanceof Uint8Array) return bytesToBase64(v);
  if (v instanceof PlistUid) return { UID: v.UID };
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
  return v;
}

const orEmpty = (item: Record<string, PlistValue>, key: string) => (key in item ? jsonSafe(item[key]) : "");
const date = (v: PlistValue | undefined) => (v instanceof Date ? fromDate(v) || null : null);

function toEntry(item: Record<string, PlistValue>): ResourceLogEntry {
  return {
    origin: orEmpty(item, "PrevalentResourceOrigin"),
    redirect_source: orEmpty(item, "topFrameUniqueRedirectsFrom"),
    redirect_destination: orEmpty(item, "topFrameUniqueRedirectsTo"),
    subframe_under_origin: orEmpty(item, "subframeUnderTopFrameOrigins"),
    subresource_under_origin: orEmpty(item, "subresourceUnderTopFrameOrigins"),
    user_interaction: jsonSafe(item["hadUserInteraction"]),
    most_recent_interaction: date(item["mostRecentUserInteraction"]),
    last_seen: date(item["lastSeen"]),
  };
}

/** Domains of a redirect list: plain strings (what WebKit writes) or dicts with origin/domain keys (what MVT reads). */
export function domainsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((x) => (typeof x === "string" ? [x] : isDict(x) ? [x["origin"], x["domain"]].filter((d): d is string => typeof d === "string") : []));
}

export function redirectPath(e: ResourceLogEntry): string {
  const q = (xs: string[]) => xs.map((x) => `"${x}"`).join(", ");
  const src = domainsOf(e.redirect_source);
  const dst = domainsOf(e.redirect_destination);
  return `${src.length ? `SOURCE: ${q(src)} -> ` : ""}ORIGIN: "${String(e.origin)}"${dst.length ? ` -> DESTINATION: ${q(dst)}` : ""}`;
}

/** HIGH when an origin and one end of its redirects both match indicators (the CRITICAL comes from the declared checks). */
export const suspiciousRedirect: Heuristic<WebkitSessionResourceLogRecord> = ([, entries], { match }) => {
  if (!match) return undefined;
  return entries
    .filter((e) => typeof e.origin === "string" && match("url", e.origin) && [...domainsOf(e.redirect_source), ...domainsOf(e.redirect_destination)].some((d) => match("url", d)))
    .map((e) => finding("HIGH", `Found HTTP redirect between suspicious domains: ${redirectPath(e)}`, e, e.last_seen ?? ""));
};

export default defineArtifact<WebkitSessionResourceLogRecord>({
  id: "ios.webkit-session-resource-log",
  platform: "ios",
  mvt: "WebkitSessionResourceLog",
  slug: "webkit_session_resource_log",
  description: "Origins and top-frame redirects WebKit logged during browsing sessions",
  output: "dict",
  sources: [
    { from: "ios-backup", path: "Library/WebKit/WebsiteData/ResourceLoadStatistics/full_browsing_session_resourceLog.plist" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData/full_browsing_session_resourceLog.plist" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/Library/WebKit/WebsiteData/ResourceLoadStatistics/full_browsing_session_resourceLog.plist" },
    { from: "ios-fs", glob: "private/var/mobile/Library/WebClips/*/Storage/full_browsing_session_resourceLog.plist" },
  ],
  async *parse({ file }) {
    const plist = await readWholePlist(file, file.path);
    const stats = isDict(plist) ? plist["browsingStatistics"] : undefined;
    yield [file.path, Array.isArray(stats) ? stats.filter(isDict).map(toEntry) : []];
  },
  // MVT checks each entry's origin and redirect ends; the subframe/subresource origins are checked after them.
  indicators: [
    { kind: "url", values: ([, es]) => es.flatMap((e) => [e.origin, ...domainsOf(e.redirect_source), ...domainsOf(e.redirect_destination)]) },
    { kind: "url", values: ([, es]) => es.flatMap((e) => [...domainsOf(e.subframe_under_origin), ...domainsOf(e.subresource_under_origin)]) },
  ],
  heuristics: [suspiciousRedirect],
});
