/** The iOS builds the keychain analytics events name, each with the first time it was seen: the update history. */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { isFirstFile, readEveryFile, sortedBy } from "../_shared/every-file.ts";
import { iosVersionOfBuild } from "../_shared/ios-builds.ts";
import { ANALYTICS_SOURCES, readAnalyticsDb } from "./analytics.ts";

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
  sources: ANALYTICS_SOURCES,
  async *parse({ file, root }, ctx) {
    // The earliest time of a build spans every database: one answer, given at the first.
    if (!(await isFirstFile({ file, root }, ctx, ANALYTICS_SOURCES))) return;
    const first = new Map<string, string>();
    for await (const r of readEveryFile(ctx, ANALYTICS_SOURCES, (f) => readAnalyticsDb(f, ctx))) {
      if (!r.build || !r.isodate) continue; // MVT skips falsy builds and times
      const build = String(r.build);
      const seen = first.get(build);
      if (seen === undefined || r.isodate < seen) first.set(build, r.isodate); // canonical text sorts as time
    }
    yield* sortedBy([...first].map(([build, isodate]) => ({ isodate, build, version: iosVersionOfBuild(build) })), (r) => r.isodate);
  },
  timeline: (r) => [ev(r.isodate, "analytics_ios_version", `Seen iOS version ${r.version} (${r.build})`)],
});
