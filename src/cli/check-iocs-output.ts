/**
 * `check-iocs RESULTS --output NEW`: a new results folder from an earlier one. The earlier records (module JSON,
 * timeline.csv, urls.json) are copied as they are; the alerts of the new indicators and checks, the verdict,
 * info.json, command.log and the report are written anew. The earlier folder is only read.
 */
import { copyFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Alert } from "../core/events.ts";
import type { Verdict } from "../checks/verdict.ts";
import { teeSinks } from "../core/sink.ts";
import { nodeHost } from "../node/host.ts";
import { localOutputDir } from "../node/output-dir.ts";
import { commandLogSink } from "../outputs/command-log.ts";
import { fromDate } from "../core/time.ts";
import { mvtFolderSink } from "../outputs/mvt-folder.ts";
import { toJson } from "../outputs/json.ts";
import { indicatorLogLines, type LoadedIndicators } from "./load-indicators.ts";
import { writeReport } from "./report.ts";
import { VERSION } from "./version.ts";

/** The alerts of one module (or cross check) of the re-check, in run order. */
export interface ModuleAlerts {
  readonly id: string;
  readonly slug: string;
  readonly mvt: string;
  readonly output: "list" | "dict";
  readonly alerts: Alert[];
}

/** What a run derives from its records: written anew, never copied from the earlier folder. */
const DERIVED = /^(.+_detected\.json|alerts\.json|alerts_timeline\.csv|verdict\.json|report\.html|info\.json|command\.log)$/;

export async function writeRecheckedResults(
  from: string,
  to: string,
  r: { info: Record<string, unknown>; groups: readonly ModuleAlerts[]; alerts: readonly Alert[]; verdict: Verdict; indicators: LoadedIndicators; command: string },
): Promise<{ output: string; report: string }> {
  const started = new Date();
  for (const name of readdirSync(from).sort()) {
    if (!DERIVED.test(name) && statSync(join(from, name)).isFile()) copyFileSync(join(from, name), join(to, name));
  }
  const out = localOutputDir(to);
  const logFile = out.create("command.log");
  const log = commandLogSink(logFile);
  log.line("spyglass", "INFO", `Spyglass ${VERSION}: ${r.command}`);
  for (const l of indicatorLogLines(r.indicators)) log.line("spyglass", l.level, l.text);
  // The alerts go through the same sink as a scan's: <slug>_detected.json, alerts.json, alerts_timeline.csv.
  const folder = mvtFolderSink(out, { timezone: "utc", scratch: nodeHost.scratch });
  const sink = teeSinks(folder.sink, log);
  for (const [order, g] of r.groups.entries()) {
    const info = { id: g.id, slug: g.slug, mvt: g.mvt, order, output: g.output };
    sink.moduleBegin?.(info);
    for (const a of g.alerts) sink.alert?.(a);
    await sink.moduleEnd?.(info, { records: 0, timeline: 0, alerts: g.alerts.length, warnings: 0, ms: 0 });
  }
  await folder.finish();
  const alertsOf = new Map(r.groups.map((g) => [g.slug, g.alerts.length]));
  const modules = Array.isArray(r.info.modules) ? (r.info.modules as Record<string, unknown>[]).map((m) => ({ ...m, alerts: alertsOf.get(String(m.module)) ?? 0 })) : undefined;
  // The earlier `command` stays: it says which kind of acquisition the records come from (report, check-iocs).
  const info = out.create("info.json");
  info.write(
    toJson({
      ...r.info,
      date: fromDate(new Date()),
      ioc_files: r.indicators.files.map((f) => f.file_path),
      ioc_file_hashes: r.indicators.files,
      spyglass_version: VERSION,
      ...(modules ? { modules } : {}),
      rechecked: { command: r.command, from, start_time: fromDate(started), end_time: fromDate(new Date()) },
    }),
  );
  await info.close();
  log.line("spyglass", "INFO", `Re-checked the records of ${from} into ${to}`);
  await logFile.close();
  const vj = out.create("verdict.json");
  vj.write(toJson(r.verdict));
  await vj.close();
  return { output: to, report: await writeReport(to) };
}
