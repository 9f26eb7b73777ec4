/** The iOS builds the keychain analytics events name, each with the first time it was seen: the update history. */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { iosVersionOfBuild } from "../_shared/ios-builds.ts";
import { ANALYTICS_SOURCE, type AnalyticsRecord } from "./analytics.ts";

export interface AnalyticsIosVersionRecord {
  isodate: string;
  build: string;
  /** From the build table; "" for a build it does not know (as MVT). */
  version: string;
}

export default defineArtifact<AnalyticsIosVersionRecord>({
  id: "ios.analytics-ios-versions",
  platform: "ios",
  mvt: "AnalyticsIOSVersions",
  slug: "analytics_ios_versions",
  description: "iOS builds named in the keychain analytics events, with when each was first seen",
  sources: [ANALYTICS_SOURCE],
  // The Analytics records of every database: the earliest time of a build spans them.
  dependsOn: ["ios.analytics"],
  async *parse({ file }, ctx) {
    // One answer for all the databases: given with the first one the selector names.
    if ((await ctx.find(ANALYTICS_SOURCE))?.path !== file.path) return;
    const first = new Map<string, string>();
    for (const r of ctx.resultsOf("ios.analytics") as AnalyticsRecord[]) {
      if (!r.build || !r.isodate) continue; // MVT skips falsy builds and times
      const build = String(r.build);
      const seen = first.get(build);
      if (seen === undefined || r.isodate < seen) first.set(build, r.isodate); // canonical text sorts as time
    }
    const out = [...first].map(([build, isodate]) => ({ isodate, build, version: iosVersionOfBuild(build) }));
    yield* out.sort((a, b) => (a.isodate < b.isodate ? -1 : a.isodate > b.isodate ? 1 : 0));
  },
  timeline: (r) => [ev(r.isodate, "analytics_ios_version", `Seen iOS version ${r.version} (${r.build})`)],
});
