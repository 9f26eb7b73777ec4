/**
 * Installed packages with versions, install times, installer, SYSTEM flag and permissions from the `package`
 * dumpsys section's "Packages:" list (bugreport dumpstate, AndroidQF dumpsys.txt; Android 7–16, incl. the
 * per-user "User N:" blocks that hold install times and runtime permissions since Android 11).
 */
import { defineArtifact } from "../../core/artifact.ts";
import type { Heuristic } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { SpyglassError } from "../../core/errors.ts";
import { ev } from "../../core/events.ts";
import { serviceSectionRecords } from "../_shared/dumpsys-section.ts";
import { ROOT_PACKAGES } from "../_shared/android-lists.ts";

export interface PackagePermission {
  name: string;
  /** true/false from "granted=…"; null when not printed; absent for declared permissions. */
  granted?: boolean | null;
  type: "install" | "runtime" | "declared";
}

export interface DumpsysPackageRecord {
  package_name: string;
  uid: string;
  version_name: string;
  /** As printed after "versionCode=" (MVT keeps "minSdk=… targetSdk=…" that follow on the line). */
  version_code: string;
  /** Device-local "YYYY-MM-DD HH:MM:SS" as printed. */
  timestamp: string;
  first_install_time: string;
  last_update_time: string;
  /** installerPackageName, "" when none. */
  installer: string;
  /** SYSTEM among pkgFlags. */
  system: boolean;
  permissions: PackagePermission[];
  requested_permissions: string[];
}

/** One package block is a few hundred lines; a hostile one is cut off here. */
export const MAX_PACKAGE_LINES = 200_000;

const PACKAGE = /^ {2}Package \[(.+?)\]/;
const USER = /^ {4}User (\d+):/;
const indent = (line: string) => line.length - line.trimStart().length;

function permission(line: string, type: "install" | "runtime"): PackagePermission | undefined {
  const parts = line.trim().split(":");
  if (parts.length < 2) return undefined;
  return { name: parts[0]!, granted: parts[1]!.includes("granted=") ? parts[1]!.includes("granted=true") : null, type };
}

/**
 * The fields of one package block (the lines after "  Package [name]"), as MVT reads them. Per-user values
 * (firstInstallTime, runtime permissions) come from "User 0" when it is there, else from the first user.
 */
export function parsePackageDetails(lines: readonly string[]): Omit<DumpsysPackageRecord, "package_name"> {
  const d = { uid: "", version_name: "", version_code: "", timestamp: "", first_install_time: "", last_update_time: "", installer: "", system: false };
  const permissions: PackagePermission[] = [];
  const requested: string[] = [];
  const users: { id: string; first_install_time?: string; runtime: PackagePermission[] }[] = [];
  let user: (typeof users)[number] | undefined;
  let list: "install" | "runtime" | "declared" | "requested" | undefined = "requested"; // MVT starts in "requested" (no effect on real dumps)
  for (const line of lines) {
    const t = line.trim();
    const userLine = USER.exec(line);
    if (userLine) users.push((user = { id: userLine[1]!, runtime: [] }));
    else if (indent(line) <= 4 && t !== "") user = undefined;

    if (list === "install" && line.startsWith("    ") && !line.startsWith("      ")) list = undefined;
    else if (list === "install") {
      const p = permission(line, "install");
      if (p) permissions.push(p);
    }
    if (list === "runtime" && !line.startsWith("        ")) list = undefined;
    else if (list === "runtime") {
      const p = permission(line, "runtime");
      if (p) (user ? user.runtime : permissions).push(p);
    }
    if ((list === "declared" || list === "requested") && !line.startsWith("      ")) list = undefined;
    else if (list === "declared") permissions.push({ name: t.split(":")[0]!, type: "declared" });
    else if (list === "requested") requested.push(t);

    const value = (key: string) => (t.startsWith(key) ? line.split("=")[1]!.trim() : undefined);
    let v: string | undefined;
    if ((v = value("userId=")) !== undefined) d.uid = v;
    else if ((v = value("versionName=")) !== undefined) d.version_name = v;
    else if (t.startsWith("versionCode=")) d.version_code = line.slice(line.indexOf("=") + 1).trim();
    else if ((v = value("timeStamp=")) !== undefined) d.timestamp = v;
    else if ((v = value("firstInstallTime=")) !== undefined) {
      if (user) user.first_install_time = v;
      else d.first_install_time = v;
    } else if ((v = value("lastUpdateTime=")) !== undefined) d.last_update_time = v;
    else if ((v = value("installerPackageName=")) !== undefined) d.installer = v;
    else if (t.startsWith("pkgFlags=")) d.system = /[[\s]SYSTEM[\s\]]/.test(t);
    else if (t === "install permissions:") list = "install";
    else if (t === "runtime permissions:") list = "runtime";
    else if (t === "declared permissions:") list = "declared";
    else if (t === "requested permissions:") list = "requested";
  }
  const chosen = users.find((u) => u.id === "0") ?? users[0];
  if (chosen?.first_install_time !== undefined) d.first_install_time = chosen.first_install_time;
  return { ...d, permissions: [...permissions, ...(chosen?.runtime ?? [])], requested_permissions: requested };
}

/** The "Packages:" list up to its blank line: one record per "  Package [name]" block, yielded as each ends. */
export async function* parsePackages(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<DumpsysPackageRecord> {
  let inList = false;
  let name: string | undefined;
  let block: string[] = [];
  for await (const line of lines) {
    if (!inList) {
      inList = line.startsWith("Packages:");
      continue;
    }
    if (line.trim() === "") break;
    if (line.startsWith("  Package [")) {
      if (name !== undefined) yield { package_name: name, ...parsePackageDetails(block) };
      name = PACKAGE.exec(line)?.[1];
      block = [];
      continue;
    }
    if (name === undefined) continue;
    if (block.length >= MAX_PACKAGE_LINES) throw new SpyglassError("E_LIMIT", `package ${name} has more than ${MAX_PACKAGE_LINES} lines`);
    block.push(line);
  }
  if (name !== undefined) yield { package_name: name, ...parsePackageDetails(block) };
}

/** A rooting/root-hiding app installed: MEDIUM (MVT, once per package name; the list holds each name once). */
const rootPackage: Heuristic<DumpsysPackageRecord> = (r) =>
  ROOT_PACKAGES.has(r.package_name) && finding("MEDIUM", `Found an installed package related to rooting/jailbreaking: "${r.package_name}"`, r, r.timestamp);

export default defineArtifact<DumpsysPackageRecord>({
  id: "android.dumpsys-packages",
  platform: "android",
  mvt: "DumpsysPackages",
  slug: "dumpsys_packages",
  description: "Installed packages, install times, installer and permissions (dumpsys package)",
  sources: [
    { from: "bugreport", glob: "@dumpstate" },
    { from: "androidqf", glob: "dumpsys.txt" },
  ],
  parse: ({ file }, ctx) => serviceSectionRecords(file, ctx, "package", parsePackages),
  timeline: (r) => [
    ev(r.timestamp, "package_install", `Install or update of package ${r.package_name}`),
    ev(r.first_install_time, "package_first_install", `Install or update of package ${r.package_name}`),
    ev(r.last_update_time, "package_last_update", `Install or update of package ${r.package_name}`),
  ],
  indicators: [{ kind: "app_id", values: (r) => r.package_name }],
  matchTime: (r) => r.timestamp,
  heuristics: [rootPackage],
});
