/** Device and backup facts from a backup's Info.plist (iTunes 12 / Finder, iOS 9–27), and whether its iOS is outdated. */
import { defineArtifact } from "../../core/artifact.ts";
import { SpyglassError } from "../../core/errors.ts";
import { displayName } from "../../core/source.ts";
import IOS_LATEST from "../../../data/ios-latest.json" with { type: "json" };
import { isPlistDict, plainPlist, readPlist } from "../_shared/plist.ts";

/** One key of backup_info.json (a dict in MVT's output): [key, value]. */
export type BackupInfoRecord = [key: string, value: unknown];

/** The keys MVT copies into backup_info.json, in its order (spec §9); a missing key gives null. */
export const INFO_KEYS = [
  "Build Version", "Device Name", "Display Name", "GUID", "ICCID", "IMEI", "MEID", "Installed Applications", "Last Backup Date",
  "Phone Number", "Product Name", "Product Type", "Product Version", "Serial Number", "Target Identifier", "Target Type",
  "Unique Identifier", "iTunes Version",
] as const;

/** Compares dotted versions numerically ("14.3" < "14.10"); non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((x) => parseInt(x, 10) || 0);
  const pb = b.split(".").map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export default defineArtifact<BackupInfoRecord>({
  id: "ios.backup-info",
  platform: "ios",
  mvt: "BackupInfo",
  slug: "backup_info",
  description: "Device model, iOS version, identifiers and backup date from the backup's Info.plist",
  sources: [{ from: "ios-backup", top: "Info.plist" }],
  output: "dict",
  async *parse({ file }, ctx) {
    const info = await readPlist(file);
    if (!isPlistDict(info)) throw new SpyglassError("E_SCHEMA", "Info.plist is not a dictionary", { file: displayName(file) });
    for (const key of INFO_KEYS) yield [key, plainPlist(info[key])];

    // MVT logs this as a warning (not an alert), and so do we: alert counts stay MVT's; the verdict uses it.
    const version = info["Product Version"];
    if (typeof version === "string" && version.includes(".") && compareVersions(version, IOS_LATEST.latest) < 0) {
      ctx.warn(`iOS ${version} is outdated; the newest is ${IOS_LATEST.latest}: update in Settings → General → Software Update`, "Info.plist");
    }
  },
});
