/**
 * Which main parts of an acquisition were there to examine and which were missing, from its file list: an
 * androidqf zip holding only getprop.txt examined the system properties and lacks the apps, processes, services,
 * settings and file list, and the verdict must say so rather than read as a clean phone.
 */
import type { Coverage } from "../core/coverage.ts";

interface Part {
  readonly name: string;
  readonly files: RegExp;
}

/** What androidqf writes on every acquisition (the backup, bugreport and intrusion logs are optional). */
const ANDROIDQF_MAIN: readonly Part[] = [
  { name: "system properties (getprop.txt)", files: /^getprop\.txt$/ },
  { name: "installed apps (packages.json)", files: /^packages\.(json|txt)$/ },
  { name: "running processes (ps.txt)", files: /^(ps\.txt|processes\.json)$/ },
  { name: "system services (dumpsys.txt)", files: /^dumpsys\.txt$/ },
  { name: "settings (settings_*.txt)", files: /^settings_[a-z]+\.txt$/ },
  { name: "file list (files.json)", files: /^files\.json$/ },
];
const ANDROIDQF_OPTIONAL: readonly Part[] = [
  { name: "SMS backup (backup.ab)", files: /(^|\/)[^/]*backup\.ab$/ },
  { name: "bugreport (bugreport.zip)", files: /(^|\/)[^/]*bugreport\.zip$/ },
  { name: "intrusion logs (intrusion_logs/)", files: /(^|\/)intrusion_logs\// },
];

/** An androidqf acquisition's coverage from the paths of its files (relative to its root). */
export function androidqfCoverage(files: readonly string[]): Coverage {
  const has = (p: Part) => files.some((f) => p.files.test(f));
  return {
    examined: [...ANDROIDQF_MAIN, ...ANDROIDQF_OPTIONAL].filter(has).map((p) => p.name),
    missing: ANDROIDQF_MAIN.filter((p) => !has(p)).map((p) => p.name),
  };
}

/** A bugreport's coverage: its main report (dumpstate) and the files of its FS/ copy. */
export function bugreportCoverage(dumpstate: string | undefined, files: readonly string[]): Coverage {
  const fs = files.filter((f) => f.startsWith("FS/")).length;
  const examined = [...(dumpstate ? [`the main report (${dumpstate})`] : []), ...(fs ? [`${fs} file${fs === 1 ? "" : "s"} of the device's file system (FS/)`] : [])];
  return { examined, missing: dumpstate ? [] : ["the main report (dumpstate, named by main_entry.txt)"] };
}

/** Intrusion logs: how many log files there were; none is a missing main part, not a clean phone. */
export function intrusionLogsCoverage(files: readonly string[]): Coverage {
  const n = files.length;
  return n ? { examined: [`${n} intrusion log file${n === 1 ? "" : "s"}`], missing: [] } : { examined: [], missing: ["intrusion log files (NDJSON *.txt)"] };
}
