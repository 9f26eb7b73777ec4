// Domains WebKit saw per app (ResourceLoadStatistics observations.db, ObservedDomains; iOS 13–18 incl. the optional interaction-time columns).
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SqlRow } from "../../core/host.ts";
import { fromUnix } from "../../core/time.ts";
import { jsonValue, text } from "../_shared/sql.ts";

export interface WebkitResourceLoadStatisticsRecord {
  domain_id: number;
  registrable_domain: string;
  /** Raw lastSeen: Unix seconds. */
  last_seen: number;
  had_user_interaction: boolean;
  last_seen_isodate: string;
  /** Backup domain of the database ("" on a filesystem dump). */
  domain: string;
  /** Backup: the relative path; fs dump: the path relative to the dump. */
  path: string;
  most_recent_user_interaction_time?: number;
  most_recent_user_interaction_time_isodate?: string;
  most_recent_web_push_interaction_time?: number;
  most_recent_web_push_interaction_time_isodate?: string;
}

const REQUIRED = ["domainID", "registrableDomain", "lastSeen", "hadUserInteraction"];
/** Optional columns (newer WebKit): record key → column. -1 means "never", so the iso key is left out for values < 0. */
const OPTIONAL = {
  most_recent_user_interaction_time: "mostRecentUserInteractionTime",
  most_recent_web_push_interaction_time: "mostRecentWebPushInteractionTime",
} as const;

export default defineArtifact<WebkitResourceLoadStatisticsRecord>({
  id: "ios.webkit-resource-load-statistics",
  platform: "ios",
  mvt: "WebkitResourceLoadStatistics",
  slug: "webkit_resource_load_statistics",
  description: "Domains that WebKit (Safari and in-app browsers) loaded resources from, per app",
  sources: [
    { from: "ios-backup", path: "Library/WebKit/WebsiteData/ResourceLoadStatistics/observations.db" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/Library/WebKit/WebsiteData/ResourceLoadStatistics/observations.db" },
    { from: "ios-fs", glob: "private/var/mobile/Containers/Data/Application/*/SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData/observations.db" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!db.tables().has("ObservedDomains")) return;
    const have = new Set(db.columns("ObservedDomains"));
    if (!REQUIRED.every((c) => have.has(c))) return; // MVT's query fails on such a table: no results
    const optional = Object.entries(OPTIONAL).filter(([, col]) => have.has(col));
    const sql = `SELECT ${[...REQUIRED, ...optional.map(([, c]) => c)].join(", ")} FROM ObservedDomains`;
    const domain = file.meta?.domain ?? "";
    const path = file.meta?.relativePath ?? file.path;
    for (const r of db.rows<SqlRow>(sql)) {
      const rec: WebkitResourceLoadStatisticsRecord = {
        domain_id: jsonValue(r.domainID!) as number,
        registrable_domain: text(r.registrableDomain) ?? "",
        last_seen: jsonValue(r.lastSeen!) as number,
        had_user_interaction: Boolean(r.hadUserInteraction),
        last_seen_isodate: fromUnix(r.lastSeen),
        domain,
        path,
      };
      for (const [key, col] of optional) {
        const v = r[col];
        if (v === null || v === undefined) continue;
        const n = Number(v);
        (rec as unknown as Record<string, unknown>)[key] = n;
        if (n >= 0) (rec as unknown as Record<string, unknown>)[`${key}_isodate`] = fromUnix(n);
      }
      yield rec;
    }
  },
  timeline: (r) => [ev(r.last_seen_isodate, "visit", `Webkit resource loaded from ${r.registrable_domain}${r.domain !== "" ? ` by app in domain ${r.domain}` : ""}`)],
  indicators: [{ kind: "url", values: (r) => r.registrable_domain }],
});
