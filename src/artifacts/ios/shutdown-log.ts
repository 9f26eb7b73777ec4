/**
 * Processes still running at each reboot, from shutdown.log (iOS 15–18): a filesystem dump's
 * `private/var/db/diagnostics/shutdown.log` (and rotated `shutdown.*.log`), a sysdiagnose's
 * `system_logs.logarchive/Extra/shutdown.log`. Kaspersky's iShutdown found Pegasus, Reign and Predator here: their
 * processes ran from /private/var/db/ and /private/var/tmp/ and delayed reboots.
 *
 * The file, per reboot: "After 0.06s, these clients are still here:" blocks of "remaining client pid: N (path)" lines,
 * then "SIGTERM: [unix seconds]" (older: "… @unix seconds"). Records are MVT's: one per client per block, with the
 * delay summed over the blocks so far and their count, sorted by time.
 */
import { defineArtifact } from "../../core/artifact.ts";
import { ev, type Finding } from "../../core/events.ts";
import { readText } from "../../core/source.ts";
import { parseShutdownLog, type ShutdownRecord } from "../_shared/shutdown-log.ts";
import { isFirstFile, readEveryFile } from "../_shared/every-file.ts";

export { parseShutdownLog, type ShutdownRecord };

/** Real logs are a few MB (months of reboots); 64 MiB bounds a hostile one. */
const MAX_BYTES = 64 * 1024 * 1024;
/** Where Pegasus (/private/var/db/…) and Predator (/private/var/tmp/…) ran from; /var is a link to /private/var. */
const SPYWARE_DIRS = /^(?:\/private)?\/var\/(db|tmp)\//;
/** Where Apple's own processes live: they delay reboots routinely (benign), so counting reboots skips them. */
const SYSTEM = /^\/(System|usr|sbin|bin|Applications|Developer)\//;
/** A process outside Apple's folders still running at this many distinct reboots is worth a look. */
export const MANY_REBOOTS = 3;
/** App Store apps (and their extensions, such as a VPN's tunnel) may run through every reboot: a note, not a finding. */
const APP_BUNDLE = /^(?:\/private)?\/var\/containers\/Bundle\/Application\//;

/** Clients outside Apple's folders seen at MANY_REBOOTS or more distinct reboots (by SIGTERM time). */
export function stickyClients(records: readonly ShutdownRecord[]): { client: string; reboots: string[] }[] {
  const seen = new Map<string, Set<string>>();
  for (const r of records) if (r.client && !SYSTEM.test(r.client)) (seen.get(r.client) ?? seen.set(r.client, new Set()).get(r.client)!).add(r.isodate);
  return [...seen].filter(([, at]) => at.size >= MANY_REBOOTS).map(([client, at]) => ({ client, reboots: [...at].sort() }));
}

/**
 * The sticky clients as findings: MEDIUM, or LOW for an installed app. Made from the records alone (no file named), so
 * that `check-iocs` on a results folder raises the same ones from the saved records.
 */
function stickyFindings(records: readonly ShutdownRecord[]): Finding[] {
  return stickyClients(records).map((s) => {
    const app = APP_BUNDLE.test(s.client);
    return {
      level: app ? "LOW" : "MEDIUM",
      message: `Process ${s.client} delayed ${s.reboots.length} reboots (from ${s.reboots[0]} to ${s.reboots.at(-1)}): ${app ? "an installed app that keeps running at shutdown (common for VPNs and other apps with extensions)" : "a process outside Apple's and apps' folders that keeps running at shutdown is worth an expert's look"}`,
      event_time: s.reboots.at(-1)!,
      event: { client: s.client, reboots: s.reboots },
    };
  });
}

const SOURCES = [
  { from: "ios-fs", glob: "private/var/db/diagnostics/shutdown.log" },
  { from: "ios-fs", glob: "private/var/db/diagnostics/shutdown.*.log" },
  { from: "sysdiagnose", glob: "system_logs.logarchive/Extra/shutdown.log" },
] as const;

function spywareDir(r: ShutdownRecord): Finding | undefined {
  const m = SPYWARE_DIRS.exec(r.client);
  if (!m) return undefined;
  const like = m[1] === "db" ? "Pegasus ran from /private/var/db/" : "Predator ran from /private/var/tmp/";
  return {
    level: "HIGH",
    message: `Process ${r.client} (pid ${r.pid}) was running from /private/var/${m[1]}/ when the phone was shut down (${like}; Kaspersky iShutdown)`,
    event_time: r.isodate,
    event: r,
  };
}

export default defineArtifact<ShutdownRecord>({
  id: "ios.shutdown-log",
  platform: "ios",
  mvt: "ShutdownLog",
  slug: "shutdown_log",
  description: "Processes still running when the phone was shut down (shutdown.log)",
  sources: SOURCES,
  async *parse({ file, root }, ctx) {
    const records = parseShutdownLog(await readText(file, MAX_BYTES));
    yield* records;
    // Reboots are counted over every log of the input (rotated shutdown.*.log hold the earlier ones), once, at the
    // first: as check-iocs counts them over the saved records. A log that cannot be read is told by its own parse.
    if (!(await isFirstFile({ file, root }, ctx, SOURCES))) return;
    const all: ShutdownRecord[] = [];
    const quiet = { ...ctx, warn: () => {} };
    for await (const r of readEveryFile(quiet, SOURCES, async (f) => (f.path === file.path ? records : parseShutdownLog(await readText(f, MAX_BYTES))))) all.push(r);
    for (const f of stickyFindings(all)) ctx.alert(f);
  },
  acrossRecords: stickyFindings,
  timeline: (r) => [ev(r.isodate, "shutdown", `Client ${r.client} with PID ${r.pid} was running when the device was shut down`)],
  // MVT: the client as a file path, then any path component equal to a process indicator.
  indicators: [
    { kind: "file_path", values: (r) => r.client },
    { kind: "process_in_path", values: (r) => r.client },
  ],
  heuristics: [spywareDir],
});
