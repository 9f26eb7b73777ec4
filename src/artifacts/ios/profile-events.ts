/** Configuration-profile install/remove events from MCProfileEvents.plist (`ProfileEvents` list; iOS 12–18). */
import { defineArtifact } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { SpyglassError } from "../../core/errors.ts";
import { ev } from "../../core/events.ts";
import { displayName } from "../../core/source.ts";
import { isPlistDict, plainPlist, readPlist } from "../_shared/plist.ts";

export interface ProfileEventsRecord {
  profile_id: string;
  /** Event time (canonical text), "" when absent. */
  timestamp: string;
  operation: unknown;
  process: unknown;
  /** Any other key of the event, lowercased, value as in the plist. */
  [key: string]: unknown;
}

const text = (v: unknown): string => (v === null || v === undefined ? "None" : String(v));

export default defineArtifact<ProfileEventsRecord>({
  id: "ios.profile-events",
  platform: "ios",
  mvt: "ProfileEvents",
  slug: "profile_events",
  description: "Which process installed or removed which configuration profile, and when",
  sources: [{ from: "ios-backup", path: "Library/ConfigurationProfiles/MCProfileEvents.plist" }],
  async *parse({ file }) {
    const plist = await readPlist(file);
    if (!isPlistDict(plist)) throw new SpyglassError("E_SCHEMA", "MCProfileEvents.plist is not a dictionary", { file: displayName(file) });
    const events = plist["ProfileEvents"];
    if (!Array.isArray(events)) return;
    for (const event of events) {
      if (!isPlistDict(event)) continue;
      // Each event is {profile_id: {timestamp, operation, process, …}}; MVT reads the first key only, we read every one.
      for (const profileId of Object.keys(event)) {
        const details = event[profileId];
        const record: ProfileEventsRecord = { profile_id: profileId, timestamp: "", operation: "", process: "" };
        if (isPlistDict(details)) {
          for (const key of Object.keys(details)) {
            const value = plainPlist(details[key]);
            const k = key.toLowerCase();
            if (k === "timestamp") record.timestamp = typeof value === "string" ? value : "";
            else Object.defineProperty(record, k, { value, writable: true, enumerable: true, configurable: true });
          }
        }
        yield record;
      }
    }
  },
  timeline: (r) => [ev(r.timestamp, "profile_operation", `Process ${text(r.process)} started operation ${text(r.operation)} of profile ${r.profile_id}`)],
  indicators: [
    { kind: "process", values: (r) => r.process },
    { kind: "profile_id", values: (r) => r.profile_id },
  ],
  heuristics: [
    // MVT raises every profile operation as LOW: profiles are rare on personal phones and can hide or redirect traffic.
    (r) => finding("LOW", `On ${r.timestamp} process "${text(r.process)}" started operation "${text(r.operation)}" of profile "${r.profile_id}"`, r, r.timestamp),
  ],
});
