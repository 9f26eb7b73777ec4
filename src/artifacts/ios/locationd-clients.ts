/** Apps and daemons that used location services, from locationd's clients.plist (iOS 12–18; iOS 17 key format kept as is). */
import { defineArtifact } from "../../core/artifact.ts";
import { SpyglassError } from "../../core/errors.ts";
import { ev } from "../../core/events.ts";
import { displayName } from "../../core/source.ts";
import { fromAppleTime, fromDate } from "../../core/time.ts";
import { isPlistDict, plainPlist, readPlist } from "../_shared/plist.ts";

/** The time keys MVT converts (Apple absolute time), in MVT's order: one timeline event each. */
export const TIME_KEYS = [
  "ConsumptionPeriodBegin", "ReceivingLocationInformationTimeStopped", "VisitTimeStopped", "LocationTimeStopped",
  "BackgroundLocationTimeStopped", "SignificantTimeStopped", "NonPersistentSignificantTimeStopped", "FenceTimeStopped", "BeaconRegionTimeStopped",
] as const;

export interface LocationdClientsRecord {
  /** The client key without trailing ":" (a bundle id, or a path of a daemon/framework). */
  package: string;
  BundleId?: string;
  BundlePath?: string;
  Executable?: string;
  /** A path, or a boolean in some entries. */
  Registered?: unknown;
  /** ClientStorageToken and other data as base64, the time keys as canonical text, the rest as in the plist. */
  [key: string]: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export default defineArtifact<LocationdClientsRecord>({
  id: "ios.locationd-clients",
  platform: "ios",
  mvt: "LocationdClients",
  slug: "locationd_clients",
  description: "Apps and system services that used the location service, and when they last did",
  sources: [
    { from: "ios-backup", domain: "RootDomain", path: "Library/Caches/locationd/clients.plist" },
    { from: "ios-fs", glob: "private/var/mobile/Library/Caches/locationd/clients.plist" },
    { from: "ios-fs", glob: "private/var/root/Library/Caches/locationd/clients.plist" },
  ],
  async *parse({ file }) {
    const plist = await readPlist(file);
    if (!isPlistDict(plist)) throw new SpyglassError("E_SCHEMA", "clients.plist is not a dictionary", { file: displayName(file) });
    for (const key of Object.keys(plist)) {
      const entry = plist[key];
      if (!isPlistDict(entry)) continue; // some migration values are plain integers
      const record = plainPlist(entry) as LocationdClientsRecord;
      for (const t of TIME_KEYS) {
        const v = entry[t];
        if (v !== undefined) record[t] = v instanceof Date ? fromDate(v) : fromAppleTime(v);
      }
      record.package = key.replace(/:+$/, "");
      yield record;
    }
  },
  timeline: (r) => TIME_KEYS.filter((t) => t in r).map((t) => ev(String(r[t] ?? ""), t, `${t} from ${r.package}`)),
  // MVT level for this module: HIGH.
  indicators: [
    { kind: "process", values: (r) => [r.package.split("/").pop() ?? "", str(r.BundleId) ?? ""], level: "HIGH" },
    { kind: "file_path", values: (r) => [str(r.BundlePath) ?? "", str(r.Executable) ?? "", str(r.Registered) ?? ""], level: "HIGH" },
  ],
  matchMessage: (r, value) =>
    [r.BundlePath, r.Executable, r.Registered].includes(value)
      ? `Found a suspicious file path in LocationD entry ${value}`
      : `Found a suspicious process name in LocationD entry ${r.package}`,
});
