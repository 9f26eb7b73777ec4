/**
 * Apps installed and removed, from a sysdiagnose's `logs/MobileInstallation/mobile_installation.log.*` (iOS 12–18):
 * lines start with the phone's local time (made UTC with the offset in the sysdiagnose's folder name) ("Mon Jan 15 10:20:30 2024 [pid] <notice> …") and name the bundle id in
 * "Install Successful for (Placeholder:ID)", "Uninstalling identifier ID", "Made container live for ID at PATH" and
 * "Destroying container with identifier ID". Bundle ids are matched as app ids and process names.
 */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { readText } from "../../core/source.ts";
import { fromUnix } from "../../core/time.ts";

export interface InstallRecord {
  /** UTC, from the local time with the UTC offset the phone had when the sysdiagnose was taken (its folder name). */
  isodate: string;
  /** The phone's wall clock as the log writes it (no zone). */
  local_time: string;
  action: "installed" | "uninstalled" | "container_live" | "container_destroyed";
  bundle_id: string;
  /** The app's container, for "container_live". */
  path: string;
  file: string;
}

/** Each log is rotated at about 1 MB; 64 MiB bounds a hostile one. */
const MAX_BYTES = 64 * 1024 * 1024;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const STAMP = /^\w{3} (\w{3}) +(\d{1,2}) (\d{2}:\d{2}:\d{2}) (\d{4})\b/;
const ID = "([A-Za-z0-9][\\w.-]*)";
const ACTIONS: readonly [InstallRecord["action"], RegExp][] = [
  ["installed", new RegExp(`Install Successful for \\((?:Placeholder:)?${ID}\\)`)],
  ["uninstalled", new RegExp(`Uninstalling identifier ${ID}`)],
  ["container_live", new RegExp(`Made container live for ${ID} at (\\S+)`)],
  ["container_destroyed", new RegExp(`Destroying container with identifier ${ID}`)],
];

/** "Mon Jan 15 10:20:30 2024" → "2024-01-15 10:20:30.000000"; "" when the line does not start with a time. */
export function logTime(line: string): string {
  const m = STAMP.exec(line);
  const month = m ? MONTHS.indexOf(m[1]!) + 1 : 0;
  return m && month ? `${m[4]}-${String(month).padStart(2, "0")}-${m[2]!.padStart(2, "0")} ${m[3]}.000000` : "";
}

/**
 * Local wall-clock text → UTC with an offset ("+01:00"), or the local text unchanged without one (a folder not named
 * by the phone). A log spanning a daylight-saving change is off by that hour before it: the log keeps no zone.
 */
export function toUtc(local: string, offset: string | undefined): string {
  const m = offset ? /^([+-])(\d{2}):(\d{2})$/.exec(offset) : null;
  if (!local || !m) return local;
  const ms = Date.parse(local.replace(" ", "T").slice(0, 19) + "Z") - (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return fromUnix(ms / 1000);
}

export function* parseInstallLog(text: string, file: string, offset?: string): Generator<InstallRecord> {
  for (const line of text.split("\n")) {
    for (const [action, re] of ACTIONS) {
      const m = re.exec(line);
      if (!m) continue;
      const local_time = logTime(line);
      yield { isodate: toUtc(local_time, offset), local_time, action, bundle_id: m[1]!, path: m[2] ?? "", file };
    }
  }
}

const WORDS: Record<InstallRecord["action"], string> = {
  installed: "app_installed",
  uninstalled: "app_uninstalled",
  container_live: "app_container_created",
  container_destroyed: "app_container_removed",
};

export default defineArtifact<InstallRecord>({
  id: "ios.sysdiagnose-mobile-installation",
  platform: "ios",
  mvt: "SysdiagnoseMobileInstallation",
  slug: "sysdiagnose_mobile_installation",
  description: "Apps installed and removed (logs/MobileInstallation/mobile_installation.log.*)",
  sources: [{ from: "sysdiagnose", glob: "logs/MobileInstallation/mobile_installation.log*" }],
  async *parse({ file }, ctx) {
    const taken = ctx.device["sysdiagnose_time"];
    const offset = typeof taken === "string" ? /[+-]\d{2}:\d{2}$/.exec(taken)?.[0] : undefined;
    yield* parseInstallLog(await readText(file, MAX_BYTES), file.path, offset);
  },
  timeline: (r) => [ev(r.isodate, WORDS[r.action], r.path ? `${r.bundle_id} at ${r.path}` : r.bundle_id)],
  indicators: [
    { kind: "app_id", values: (r) => r.bundle_id },
    { kind: "process", values: (r) => r.bundle_id },
  ],
});
