/** Installed apps: the iTunesMetadata of each app (backup: Info.plist `Applications`; fs dump: iTunesMetadata.plist; iOS 9–18). */
import { defineArtifact } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { SpyglassError } from "../../core/errors.ts";
import { ev } from "../../core/events.ts";
import { displayName } from "../../core/source.ts";
import { fromIsoString } from "../../core/time.ts";
import { parsePlist } from "../../formats/plist.ts";
import type { PlistValue } from "../../formats/plist.ts";
import { isPlistDict, plainPlist, readPlist } from "../_shared/plist.ts";

export interface ApplicationsRecord {
  /** Backup: the bundle id key of Info.plist `Applications`. */
  name?: string;
  /** fs dump: path of the iTunesMetadata.plist. */
  file_path?: string;
  softwareVersionBundleId?: string;
  bundleShortVersionString?: string;
  artistName?: string;
  /** The installer; missing means the App Store. */
  sourceApp?: string;
  /** Purchase date (com.apple.iTunesStore.downloadInfo.purchaseDate), UTC. */
  isodate?: string;
  /** SHA-256 of the placeholder icon PNG (backup only). */
  icon_sha256?: string;
  /** Every other iTunesMetadata key, JSON-safe. */
  [key: string]: unknown;
}

/** Installers that mean the App Store or an MDM server (MVT's list). */
const KNOWN_INSTALLERS = new Set(["com.apple.AppStore", "com.apple.AppStore.ProductPageExtension", "com.apple.dmd", "dmd"]);

/** Adds isodate from downloadInfo.purchaseDate ("%Y-%m-%dT%H:%M:%SZ", UTC). MVT reads it as local time; we keep the Z. */
function withIsodate(entry: Record<string, unknown>): Record<string, unknown> {
  const info = entry["com.apple.iTunesStore.downloadInfo"] as Record<string, unknown> | undefined;
  const iso = info && typeof info === "object" ? fromIsoString(info["purchaseDate"]) : "";
  return iso ? { ...entry, isodate: iso } : entry;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

const metadataOf = (v: PlistValue | undefined, file: string): Record<string, unknown> => {
  const parsed = v instanceof Uint8Array ? parsePlist(v, { file }) : v;
  return isPlistDict(parsed) ? (plainPlist(parsed) as Record<string, unknown>) : {};
};

export default defineArtifact<ApplicationsRecord>({
  id: "ios.applications",
  platform: "ios",
  mvt: "Applications",
  slug: "applications",
  description: "Installed apps with their store metadata, and apps installed from outside the App Store",
  sources: [
    { from: "ios-backup", top: "Info.plist" },
    { from: "ios-fs", glob: "private/var/containers/Bundle/Application/*/iTunesMetadata.plist" },
  ],
  async *parse({ file, kind }, ctx) {
    const plist = await readPlist(file);
    if (!isPlistDict(plist)) throw new SpyglassError("E_SCHEMA", "the plist is not a dictionary", { file: displayName(file) });
    if (kind !== "ios-backup") {
      yield withIsodate({ ...(plainPlist(plist) as Record<string, unknown>), file_path: file.path });
      return;
    }
    const apps = plist["Applications"];
    if (!isPlistDict(apps)) return;
    for (const name of Object.keys(apps)) {
      const app = apps[name];
      if (!isPlistDict(app)) continue;
      let metadata: Record<string, unknown> = {};
      try {
        metadata = metadataOf(app["iTunesMetadata"], `Applications/${name}/iTunesMetadata`);
      } catch (err) {
        // One bad app entry must not hide the others: it is listed by name only.
        ctx.warn(`the iTunesMetadata of ${name} cannot be read (${err instanceof Error ? err.message : String(err)})`);
      }
      const entry = withIsodate({ name, ...metadata });
      const icon = app["PlaceholderIcon"];
      yield icon instanceof Uint8Array ? { ...entry, icon_sha256: await sha256Hex(icon) } : entry;
    }
  },
  timeline: (r) => [
    r.isodate !== undefined &&
      ev(r.isodate, "app_installed", `App ${r.name ?? ""} version ${r.bundleShortVersionString ?? ""} from ${r.artistName ?? ""} installed from ${r.sourceApp ?? ""}`),
  ],
  indicators: [
    { kind: "process", values: (r) => r.softwareVersionBundleId },
    { kind: "app_id", values: (r) => r.softwareVersionBundleId },
  ],
  matchMessage: (r) => `Malicious application ${r.softwareVersionBundleId} identified`,
  heuristics: [
    (r, { indicatorsLoaded, match }) => {
      // MVT: with indicators loaded, an app without a bundle id is suspicious and the installer check is skipped.
      if (indicatorsLoaded && !("softwareVersionBundleId" in r)) return finding("MEDIUM", "Suspicious application identified without softwareVersionBundleId", r);
      // MVT also skips it for an app that matched an indicator (that app already has its CRITICAL).
      const id = r.softwareVersionBundleId;
      if (typeof id === "string" && id !== "" && (match?.("process", id) || match?.("app_id", id))) return undefined;
      const source = typeof r.sourceApp === "string" ? r.sourceApp : r.sourceApp === undefined ? "com.apple.AppStore" : String(r.sourceApp);
      if (KNOWN_INSTALLERS.has(source)) return undefined;
      return finding("MEDIUM", `Suspicious app not installed from the App Store or MDM: ${r.softwareVersionBundleId ?? r.name ?? ""}`, r, r.isodate ?? "");
    },
  ],
});
