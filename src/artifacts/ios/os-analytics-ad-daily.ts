/** Daily per-process network baselines from com.apple.osanalytics.addaily.plist (`netUsageBaseline`; iOS 13–18). */
import { defineArtifact } from "../../core/artifact.ts";
import { SpyglassError } from "../../core/errors.ts";
import { ev } from "../../core/events.ts";
import { displayName } from "../../core/source.ts";
import { fromAppleTime } from "../../core/time.ts";
import { isPlistDict, plainPlist, readPlist } from "../_shared/plist.ts";

export interface OSAnalyticsADDailyRecord {
  /** Process or bundle name. */
  package: string;
  /** When the baseline was taken. */
  ts: string;
  wifi_in: unknown;
  wifi_out: unknown;
  wwan_in: unknown;
  wwan_out: unknown;
}

const text = (v: unknown): string => (v === null || v === undefined ? "None" : String(v));

export default defineArtifact<OSAnalyticsADDailyRecord>({
  id: "ios.os-analytics-ad-daily",
  platform: "ios",
  mvt: "OSAnalyticsADDaily",
  slug: "os_analytics_ad_daily",
  description: "Network traffic per process from the daily analytics baseline",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/Preferences/com.apple.osanalytics.addaily.plist" },
    { from: "ios-fs", glob: "private/var/mobile/Library/Preferences/com.apple.osanalytics.addaily.plist" },
  ],
  async *parse({ file }) {
    const plist = await readPlist(file);
    if (!isPlistDict(plist)) throw new SpyglassError("E_SCHEMA", "the addaily plist is not a dictionary", { file: displayName(file) });
    const baseline = plist["netUsageBaseline"];
    if (!isPlistDict(baseline)) return;
    for (const pkg of Object.keys(baseline)) {
      const v = baseline[pkg];
      if (!Array.isArray(v)) continue;
      const [date, wifiIn, wifiOut, wwanIn, wwanOut] = v.map(plainPlist);
      yield {
        package: pkg,
        // A date in every file seen; a number would be Apple absolute time.
        ts: typeof date === "string" ? date : typeof date === "number" ? fromAppleTime(date) : "",
        wifi_in: wifiIn ?? null,
        wifi_out: wifiOut ?? null,
        wwan_in: wwanIn ?? null,
        wwan_out: wwanOut ?? null,
      };
    }
  },
  timeline: (r) => [
    ev(r.ts, "osanalytics_addaily", `${r.package} WIFI IN: ${text(r.wifi_in)}, WIFI OUT: ${text(r.wifi_out)} - WWAN IN: ${text(r.wwan_in)}, WWAN OUT: ${text(r.wwan_out)}`),
  ],
  indicators: [{ kind: "process", values: (r) => r.package }],
  matchTime: (r) => r.ts,
});
