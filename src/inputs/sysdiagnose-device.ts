/**
 * The device facts a sysdiagnose carries (model, iOS version, build), for info.json and the exploited-version check:
 * the top folder's name (`sysdiagnose_2024.01.15_10-20-30-0800_iPhone-OS_iPhone_21C66`: the build and when it was
 * taken), `logs/SystemVersion/SystemVersion.plist` (ProductVersion, ProductBuildVersion) and `remotectl_dumpstate.txt`
 * (`ProductType => iPhone14,2`). Keys as the iOS backup's device facts (src/inputs/ios-backup-info.ts).
 */
import type { SourceDir } from "../core/source.ts";
import { readText } from "../core/source.ts";
import { isPlistDict, parsePlist } from "../formats/plist.ts";

export const SYSTEM_VERSION_PLIST = "logs/SystemVersion/SystemVersion.plist";
export const REMOTECTL_DUMPSTATE = "remotectl_dumpstate.txt";
/** The files the facts come from: an archive keeps them whatever the modules read. */
export const DEVICE_FILES: readonly string[] = [SYSTEM_VERSION_PLIST, REMOTECTL_DUMPSTATE];

/** Both files are a few KB; these bound hostile ones. */
const MAX_PLIST = 1024 * 1024;
const MAX_REMOTECTL = 8 * 1024 * 1024;

/** `sysdiagnose_YYYY.MM.DD_HH-MM-SS±ZZZZ_<platform>_<model family>_<build>` ("iPhone-OS" or "iPhone_OS"). */
const FOLDER = /^sysdiagnose_(\d{4})\.(\d{2})\.(\d{2})_(\d{2})-(\d{2})-(\d{2})([+-]\d{4})_.*_([0-9]{2}[A-Z][0-9]{1,5}[a-z]?)$/;

/** What the top folder's name says: the build and the local time it was taken (ISO 8601 with offset). */
export function folderFacts(name: string): { build_version?: string; sysdiagnose_time?: string } {
  const m = FOLDER.exec(name);
  if (!m) return {};
  const [, y, mo, d, h, mi, s, z, build] = m;
  return { build_version: build!, sysdiagnose_time: `${y}-${mo}-${d}T${h}:${mi}:${s}${z!.slice(0, 3)}:${z!.slice(3)}` };
}

/** The facts from the folder name, then the files (which win: the plist names the version, the name only the build). */
export async function sysdiagnoseDevice(root: SourceDir, top: string | undefined): Promise<Record<string, unknown>> {
  const device: Record<string, unknown> = { ...(top ? folderFacts(top) : {}), ...(top ? { sysdiagnose_folder: top } : {}) };
  const plist = await root.file(SYSTEM_VERSION_PLIST);
  if (plist) {
    try {
      const v = parsePlist(await plist.bytes(MAX_PLIST));
      if (isPlistDict(v)) {
        if (typeof v["ProductVersion"] === "string") device["ios_version"] = v["ProductVersion"];
        if (typeof v["ProductBuildVersion"] === "string") device["build_version"] = v["ProductBuildVersion"];
      }
    } catch {
      // A damaged plist leaves the folder name's facts; the modules that read it say what is wrong.
    }
  }
  const remotectl = await root.file(REMOTECTL_DUMPSTATE);
  if (remotectl) {
    const text = await readText(remotectl, MAX_REMOTECTL).catch(() => "");
    const type = /\bProductType\s*(?:=>|:)\s*((?:iPhone|iPad|iPod)\d+,\d+)/.exec(text);
    if (type) device["product_type"] = type[1];
    if (device["ios_version"] === undefined) {
      const os = /\bOSVersion\s*(?:=>|:)\s*(\d+(?:\.\d+){1,2})\b/.exec(text);
      if (os) device["ios_version"] = os[1];
    }
  }
  return device;
}
