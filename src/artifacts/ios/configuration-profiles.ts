/** Installed configuration profiles (profile-*.stub plists of the configurationprofiles system group; iOS 9–18). */
import { defineArtifact } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { ev } from "../../core/events.ts";
import { isPlistDict, plainPlist, readPlist } from "../_shared/plist.ts";

const DOMAIN = "SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles";
/** A payload type that can silence notifications (used to hide an attack's traces). */
const NOTIFICATION_SETTINGS = "com.apple.notificationsettings";

export interface ConfigurationProfilesRecord {
  file_id: string;
  relative_path: string;
  domain: string;
  /** The whole profile plist; data fields (SignerCerts, PERSISTENT_REF, push tokens…) as base64, dates as text. */
  plist: Record<string, unknown>;
  /** The plist's InstallDate; "" when absent. */
  install_date: string;
}

const field = (r: ConfigurationProfilesRecord, key: string): unknown => r.plist[key];
const text = (v: unknown): string => (v === null || v === undefined ? "None" : String(v));

function firstPayloadType(r: ConfigurationProfilesRecord): unknown {
  const content = field(r, "PayloadContent");
  const first = Array.isArray(content) ? (content[0] as Record<string, unknown> | undefined) : undefined;
  return first && typeof first === "object" ? first["PayloadType"] : undefined;
}

export default defineArtifact<ConfigurationProfilesRecord>({
  id: "ios.configuration-profiles",
  platform: "ios",
  mvt: "ConfigurationProfiles",
  slug: "configuration_profiles",
  description: "Configuration profiles installed on the device (MDM, VPN, certificates, notification settings)",
  sources: [{ from: "ios-backup", domain: DOMAIN, pathLike: "*", nameStartsWith: "profile-" }],
  async *parse({ file }, ctx) {
    let plist: Record<string, unknown> = {};
    try {
      const value = await readPlist(file);
      if (isPlistDict(value)) plist = plainPlist(value) as Record<string, unknown>;
      else ctx.warn("the profile is not a plist dictionary");
    } catch (err) {
      // As MVT: the profile is still listed (with an empty plist), so its presence is not lost.
      ctx.warn(`the profile cannot be read (${err instanceof Error ? err.message : String(err)})`);
    }
    const m = file.meta ?? {};
    const installed = plist["InstallDate"];
    yield {
      file_id: m.fileId ?? "",
      relative_path: m.relativePath ?? file.path,
      domain: m.domain ?? DOMAIN,
      plist,
      install_date: typeof installed === "string" ? installed : "",
    };
  },
  timeline: (r) => [
    r.install_date !== "" &&
      ev(
        r.install_date,
        "configuration_profile_install",
        `${text(field(r, "PayloadType"))} installed: ${text(field(r, "PayloadUUID"))} - ${text(field(r, "PayloadDisplayName"))}: ${text(field(r, "PayloadDescription"))}`,
      ),
  ],
  indicators: [{ kind: "profile_id", values: (r) => field(r, "PayloadUUID") }],
  matchMessage: (r, uuid) => `Found a known malicious configuration profile "${text(field(r, "PayloadDisplayName"))}" with UUID "${uuid}"`,
  heuristics: [
    // MVT runs this only with indicators loaded, for profiles with a PayloadUUID that matched no indicator.
    (r, { indicatorsLoaded, match }) =>
      indicatorsLoaded &&
      typeof field(r, "PayloadUUID") === "string" &&
      field(r, "PayloadUUID") !== "" &&
      !match?.("profile_id", field(r, "PayloadUUID") as string) &&
      firstPayloadType(r) === NOTIFICATION_SETTINGS &&
      finding("MEDIUM", `Found a potentially suspicious configuration profile "${text(field(r, "PayloadDisplayName"))}" with payload type ${NOTIFICATION_SETTINGS}`, r, r.install_date),
  ],
});
