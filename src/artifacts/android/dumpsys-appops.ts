/**
 * Per-package app-op permissions and their last access/reject times from the `appops` dumpsys section
 * (bugreport dumpstate, AndroidQF dumpsys.txt; the "  Uid N:" / "    Package p:" layout of Android 8–16).
 */
import { defineArtifact } from "../../core/artifact.ts";
import type { Heuristic } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import type { Finding } from "../../core/events.ts";
import { serviceSectionRecords } from "../_shared/dumpsys-section.ts";

export interface AppopsEntry {
  access: "Access" | "Reject";
  /** The process state in brackets, e.g. "fg-s", "top". */
  type: string;
  /** Device-local wall clock; absent when the date did not parse (as MVT). */
  timestamp?: string;
}

export interface AppopsPermission {
  name: string;
  entries: AppopsEntry[];
  /** The mode in "NAME (allow):", when printed. */
  access?: string;
}

export interface AppopsRecord {
  package_name: string;
  permissions: AppopsPermission[];
  uid: string | null;
}

/** MVT: an app that may install other apps is how droppers and stalkerware arrive; com.android.shell is adb. */
const RISKY_PERMISSIONS = new Set(["REQUEST_INSTALL_PACKAGES"]);
const RISKY_PACKAGES = new Set(["com.android.shell"]);

const TIME = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,6})$/;
const p2 = (s: string) => s.padStart(2, "0");

/** "2021-05-19 22:02:52.054" → canonical text, or undefined (Python strptime "%Y-%m-%d %H:%M:%S.%f"). */
export function appopsTime(text: string): string | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || y < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  return `${m[1]}-${p2(m[2]!)}-${p2(m[3]!)} ${p2(m[4]!)}:${p2(m[5]!)}:${p2(m[6]!)}.${m[7]!.padEnd(6, "0")}`;
}

/** MVT's reading, from the "  Uid 0:" line to the first blank line; a package is yielded once complete. */
export async function* parseAppops(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<AppopsRecord> {
  let uid: string | null = null;
  let pkg: AppopsRecord | undefined;
  let perm: AppopsPermission | undefined;
  let started = false;
  const closePerm = () => {
    if (perm && pkg) pkg.permissions.push(perm);
    perm = undefined;
  };
  for await (const line of lines) {
    if (line.startsWith("  Uid 0:")) started = true;
    if (!started) continue;
    if (line.startsWith("  Uid ")) {
      uid = line.slice(6, -1);
      closePerm();
      if (pkg) yield pkg;
      pkg = undefined;
      continue;
    }
    if (line.startsWith("    Package ")) {
      closePerm();
      if (pkg) yield pkg;
      pkg = { package_name: line.slice(12, -1), permissions: [], uid };
      continue;
    }
    if (pkg && line.length > 6 && line.startsWith("      ") && line[6] !== " ") {
      closePerm();
      const words = line.split(/\s+/).filter(Boolean);
      perm = { name: words[0]!, entries: [] };
      if (words.length > 1) perm.access = words[1]!.slice(1, -2); // "(allow):" → "allow"
      continue;
    }
    if (line.startsWith("          ")) {
      // "          Reject: [fg-s]2021-05-19 22:02:52.054 (-314d1h25m2s33ms)"; other lines here are not entries.
      const access = line.split(":")[0]!.trim();
      if ((access === "Access" || access === "Reject") && perm) {
        const entry: AppopsEntry = { access, type: line.slice(line.indexOf("[") + 1, line.indexOf("]")) };
        const timestamp = appopsTime(line.slice(line.indexOf("]") + 1, line.indexOf("(")).trim());
        if (timestamp !== undefined) entry.timestamp = timestamp;
        perm.entries.push(entry);
      }
    }
    if (line.trim() === "") break;
  }
  closePerm();
  if (pkg) yield pkg;
}

/** The latest entry time of a package: the time of its indicator alert (MVT). */
const latest = (r: AppopsRecord) =>
  r.permissions.flatMap((p) => p.entries.map((e) => e.timestamp ?? "")).reduce((a, b) => (b > a ? b : a), "");

/** One MEDIUM per entry (oldest first) of a risky permission, or of any permission of a risky package; none if an indicator matched. */
const riskyPermissions: Heuristic<AppopsRecord> = (r, { match }) => {
  if (match?.("app_id", r.package_name)) return undefined;
  const out: Finding[] = [];
  for (const perm of r.permissions) {
    const risky = RISKY_PERMISSIONS.has(perm.name);
    if (!risky && !RISKY_PACKAGES.has(r.package_name)) continue;
    const entries = perm.entries.length ? [...perm.entries] : [{ access: "Unknown", timestamp: "" }];
    entries.sort((a, b) => ((a.timestamp ?? "") < (b.timestamp ?? "") ? -1 : (a.timestamp ?? "") > (b.timestamp ?? "") ? 1 : 0));
    for (const e of entries) {
      const at = e.timestamp ?? "";
      // MVT's wording, except that it ends in a dangling "at " when the evidence gives no time.
      const when = at ? `at ${at}` : "(time not recorded)";
      const message = risky
        ? `Package '${r.package_name}' had risky permission '${perm.name}' set to '${e.access}' ${when}`
        : `Risky package '${r.package_name}' had '${perm.name}' permission set to '${e.access}' ${when}`;
      out.push(finding("MEDIUM", message, { ...r, permissions: [perm] }, at));
    }
  }
  return out;
};

export default defineArtifact<AppopsRecord>({
  id: "android.dumpsys-appops",
  platform: "android",
  mvt: "DumpsysAppops",
  slug: "dumpsys_appops",
  description: "App-op permissions per package with last access times (dumpsys appops)",
  sources: [
    { from: "bugreport", glob: "@dumpstate" },
    { from: "androidqf", glob: "dumpsys.txt" },
  ],
  parse: ({ file }, ctx) => serviceSectionRecords(file, ctx, "appops", parseAppops),
  timeline: function* (r) {
    for (const p of r.permissions) {
      for (const e of p.entries) {
        if (e.timestamp !== undefined) yield { timestamp: e.timestamp, event: e.access, data: `${r.package_name} access to ${p.name}: ${e.access}` };
      }
    }
  },
  indicators: [{ kind: "app_id", values: (r) => r.package_name }],
  matchTime: latest,
  heuristics: [riskyPermissions],
});
