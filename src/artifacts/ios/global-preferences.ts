/** Top-level keys of .GlobalPreferences.plist (binary plist, iOS 12–18): reports whether Lockdown Mode is on. */
import { defineArtifact } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { SpyglassError } from "../../core/errors.ts";
import { displayName } from "../../core/source.ts";
import { isPlistDict, plainPlist, readPlist } from "../_shared/plist.ts";

export interface GlobalPreferencesRecord {
  /** The plist key. */
  entry: string;
  /** Its value, JSON-safe (dates as canonical text, data as base64). */
  value: unknown;
}

export default defineArtifact<GlobalPreferencesRecord>({
  id: "ios.global-preferences",
  platform: "ios",
  mvt: "GlobalPreferences",
  slug: "global_preferences",
  description: "Device-wide preferences, including whether Lockdown Mode is on",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/Preferences/.GlobalPreferences.plist" },
    { from: "ios-fs", glob: "private/var/mobile/Library/Preferences/.GlobalPreferences.plist" },
  ],
  async *parse({ file }) {
    const plist = await readPlist(file);
    if (!isPlistDict(plist)) throw new SpyglassError("E_SCHEMA", "the preferences plist is not a dictionary", { file: displayName(file) });
    for (const entry of Object.keys(plist)) yield { entry, value: plainPlist(plist[entry]) };
  },
  heuristics: [
    // MVT: LDMGlobalEnabled true → INFORMATIONAL, false → LOW. MVT's alert event is None; ours is the record.
    (r) => r.entry === "LDMGlobalEnabled" && (r.value ? finding("INFORMATIONAL", "Lockdown mode enabled", r) : finding("LOW", "Lockdown mode disabled", r)),
  ],
});
