/** URLs apps fetched, from every CFNetwork cache (`Cache.db`, table cfurl_cache_response), one dict entry per file. */
import { defineArtifact, type Heuristic } from "../../core/artifact.ts";
import type { Finding } from "../../core/events.ts";
import { ev } from "../../core/events.ts";
import type { SqlRow } from "../../core/host.ts";
import { jsonValue } from "../_shared/sql.ts";

export interface CacheResponse {
  entry_id: unknown;
  version: unknown;
  hash_value: unknown;
  storage_policy: unknown;
  url: unknown;
  /** The raw time_stamp column (SQLite CURRENT_TIMESTAMP text, UTC), as MVT keeps it. */
  isodate: unknown;
}

/** MVT writes a dict: the Cache.db path relative to the dump → its responses. */
export type CacheFilesRecord = [file: string, responses: CacheResponse[]];

const FIELDS = ["entry_id", "version", "hash_value", "storage_policy", "url", "isodate"] as const;

/** MVT reads the first six columns by position (entry_ID, version, hash_value, storage_policy, request_key, time_stamp). */
function toResponse(row: SqlRow): CacheResponse {
  const values = Object.values(row);
  return Object.fromEntries(FIELDS.map((f, i) => [f, jsonValue(values[i] ?? null)])) as Record<(typeof FIELDS)[number], unknown>;
}

/**
 * The URL check, per response (MVT): CRITICAL, the event being the response with `cache_file` = the dict key.
 * Declared as a heuristic because a dict entry holds many responses and each matches alone.
 */
const responseIndicators: Heuristic<CacheFilesRecord> = ([file, responses], { match }) => {
  if (!match) return undefined;
  const out: Finding[] = [];
  for (const r of responses) {
    const m = typeof r.url === "string" && r.url !== "" ? match("url", r.url) : undefined;
    if (m) out.push({ level: "CRITICAL", message: `Found a known domain or URL "${m.value}" of ${m.name} in CacheFiles: ${r.url}`, event: { ...r, cache_file: file }, matched_indicator: m });
  }
  return out;
};

export default defineArtifact<CacheFilesRecord>({
  id: "ios.cache-files",
  platform: "ios",
  mvt: "CacheFiles",
  slug: "cache_files",
  description: "URLs apps fetched, from the CFNetwork caches (every Cache.db)",
  output: "dict",
  sources: [{ from: "ios-fs", glob: "**/Cache.db" }],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    // MVT skips a file without the table (no dict entry); an empty table gives an empty list.
    if (!db.tables().has("cfurl_cache_response")) return;
    yield [file.path, [...db.rows("SELECT * FROM cfurl_cache_response")].map(toResponse)];
  },
  timeline: ([file, responses]) => responses.map((r) => ev(r.isodate == null ? "" : String(r.isodate), "cache_response", `${file} recorded visit to URL ${r.url ?? "None"}`)),
  heuristics: [responseIndicators],
});
