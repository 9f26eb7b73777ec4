/**
 * App installs, updates, downgrades and uninstalls per day from the `batterystats` dumpsys section's
 * "  Daily from A to B:" blocks with "Update pkg vers=N" lines (bugreport dumpstate, AndroidQF dumpsys.txt;
 * Android 7–16).
 */
import { defineArtifact } from "../../core/artifact.ts";
import type { Heuristic } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { SpyglassError } from "../../core/errors.ts";
import { serviceSectionRecords } from "../_shared/dumpsys-section.ts";

export interface BatteryDailyRecord {
  action: "update" | "downgrade";
  /** The day's start and end, "YYYY-MM-DD" (device-local). */
  from: string;
  to: string;
  package_name: string;
  /** The version code as printed; "0" means the package was uninstalled. */
  vers: string;
  /** The version seen before a downgrade. */
  previous_vers?: string;
}

/** Android keeps about 10 daily summaries; a hostile section must not make the (sorted) list unbounded. */
export const MAX_DAILY_UPDATES = 1_000_000;

const INTEGER = /^\s*[+-]?\d+\s*$/;

/** Reads the blocks; one record per package and version inside one block (repeats are dropped, as MVT). */
export async function readDailyUpdates(lines: AsyncIterable<string> | Iterable<string>): Promise<BatteryDailyRecord[]> {
  const records: BatteryDailyRecord[] = [];
  let day: { from: string; to: string } | undefined;
  let seen = new Set<string>();
  for await (const line of lines) {
    if (line.startsWith("  Daily from ")) {
      const span = line.slice(13).trim().replace(/^:+|:+$/g, "");
      const at = span.indexOf(" to ");
      day = at < 0 ? undefined : { from: span.slice(0, at).slice(0, 10), to: span.slice(at + 4).slice(0, 10) };
      seen = new Set();
      continue;
    }
    const t = line.trim();
    if (!day || !t.startsWith("Update ")) continue;
    const rest = t.replaceAll("Update ", "");
    const space = rest.indexOf(" ");
    const eq = rest.indexOf("=", space);
    if (space < 0 || eq < 0) continue; // a truncated line: keep going, the records after it still count
    const package_name = rest.slice(0, space);
    const vers = rest.slice(eq + 1);
    if (seen.has(`${package_name}\n${vers}`)) continue;
    seen.add(`${package_name}\n${vers}`);
    if (records.length >= MAX_DAILY_UPDATES) throw new SpyglassError("E_LIMIT", `more than ${MAX_DAILY_UPDATES} daily package updates`);
    records.push({ action: "update", from: day.from, to: day.to, package_name, vers });
  }
  return records;
}

/**
 * Marks downgrades in date order (blocks may be printed newest first): a version code lower than the last one
 * seen for the package. An uninstall (vers 0) forgets the package, so a later reinstall is not a downgrade.
 */
export function markDowngrades(records: BatteryDailyRecord[]): void {
  const last = new Map<string, bigint>();
  const ordered = [...records].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.package_name, b.package_name));
  for (const r of ordered) {
    if (r.vers === "0") {
      last.delete(r.package_name);
      continue;
    }
    if (!INTEGER.test(r.vers)) continue;
    const current = BigInt(r.vers.trim());
    const previous = last.get(r.package_name);
    if (previous !== undefined && current < previous) {
      r.action = "downgrade";
      r.previous_vers = previous.toString();
    }
    last.set(r.package_name, current);
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** MEDIUM for an uninstall and for a downgrade (an older, possibly vulnerable build put back). */
const uninstallOrDowngrade: Heuristic<BatteryDailyRecord> = (r) => {
  if (r.vers === "0") return finding("MEDIUM", `Detected uninstall of package ${r.package_name} (vers 0)`, r, r.from);
  if (r.action === "downgrade") {
    return finding("MEDIUM", `Detected downgrade of package ${r.package_name} from vers ${r.previous_vers} to vers ${r.vers.trim()}`, r, r.from);
  }
  return undefined;
};

function describe(r: BatteryDailyRecord): string {
  if (r.vers === "0") return `Recorded uninstall of package ${r.package_name} (vers 0)`;
  if (r.action === "downgrade") return `Recorded downgrade of package ${r.package_name} from vers ${r.previous_vers ?? "unknown"} to vers ${r.vers}`;
  return `Recorded update of package ${r.package_name} with vers ${r.vers}`;
}

export default defineArtifact<BatteryDailyRecord>({
  id: "android.dumpsys-battery-daily",
  platform: "android",
  mvt: "DumpsysBatteryDaily",
  slug: "dumpsys_battery_daily",
  description: "Package updates, downgrades and uninstalls per day (dumpsys batterystats, daily stats)",
  sources: [
    { from: "bugreport", glob: "@dumpstate" },
    { from: "androidqf", glob: "dumpsys.txt" },
  ],
  parse: ({ file }, ctx) =>
    serviceSectionRecords(file, ctx, "batterystats", async (lines) => {
      // Held in full: a downgrade is only known once every day is read (a few hundred records).
      const records = await readDailyUpdates(lines);
      markDowngrades(records);
      return records;
    }),
  timeline: (r) => [{ timestamp: r.from, event: "battery_daily", data: describe(r) }],
  indicators: [{ kind: "app_id", values: (r) => r.package_name }],
  heuristics: [uninstallOrDowngrade],
});
