/**
 * `spyglass check-iocs RESULTS`: re-match a saved results folder against (new) indicators, without the evidence;
 * with `--output NEW`, a new results folder: the earlier records, the new alerts, a new verdict and report.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Alert } from "../core/events.ts";
import type { Coverage } from "../core/coverage.ts";
import { heuristicAlerts, matchRecord, toAlert } from "../core/check-record.ts";
import type { Acquisition } from "../core/acquisition.ts";
import { observe } from "../core/cross-check.ts";
import { defaultCrossChecks } from "../checks/cross-checks.ts";
import { deletedAlerts } from "../core/carve-scan.ts";
import { DELETED_SUFFIX } from "../core/carve-place.ts";
import { ARTIFACTS } from "../artifacts/index.ts";
import type { CommonOptions } from "./common.ts";
import { exitCodeOf, loadIndicatorsFor, printableVerdict } from "./common.ts";
import { indicatorsJson } from "./load-indicators.ts";
import { computeVerdict } from "../checks/verdict.ts";
import { table } from "./console.ts";
import { prepareResultsDir } from "../node/output-dir.ts";
import { requireExisting, requireResults } from "./preflight.ts";
import { writeRecheckedResults, type ModuleAlerts } from "./check-iocs-output.ts";

import { terminalSafe, terminalSafeJson } from "../outputs/terminal-safe.ts";
import { warnIfIncomplete } from "../node/results-state.ts";

export async function checkIocs(folder: string, opts: CommonOptions): Promise<number> {
  const dir = await requireResults(folder);
  // The earlier folder is the evidence of this run: never written to, and the new one not inside it.
  const output = opts.output ? await prepareResultsDir(opts.output, { evidence: [dir], overwrite: !!opts.overwrite }) : undefined;
  requireExisting(opts.iocs, "indicator file or folder given with --iocs");
  warnIfIncomplete(dir);
  const indicators = loadIndicatorsFor({ ...opts, indicators: true })!;
  const alerts: Alert[] = [];
  const groups: ModuleAlerts[] = [];
  const rows: (string | number)[][] = [];
  const warnings: string[] = [];
  // info.json says which command wrote the folder: iOS and Android both have an `sms` module.
  const info = readInfo(dir);
  const platform = /^check-(androidqf|bugreport|android-backup|intrusion-logs)\b/.test(String(info.command ?? "")) ? "android" : "ios";
  const device = (info.device && typeof info.device === "object" ? info.device : {}) as Record<string, unknown>;
  // The cross checks run again too: new brands or a newer exploited-versions list apply to old results.
  const checks = defaultCrossChecks();
  // <slug>_deleted.json (records recovered from deleted data) is re-checked into its module's group: one _detected.json.
  const bySlug = new Map<string, ModuleAlerts>();
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".json") || name.endsWith("_detected.json")) continue;
    const deleted = name.endsWith(DELETED_SUFFIX);
    const stem = name.slice(0, -(deleted ? DELETED_SUFFIX : ".json").length);
    const def = ARTIFACTS.find((a) => a.slug === stem && a.platform === platform);
    if (!def) continue;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, name), "utf8"));
    } catch (err) {
      warnings.push(`${name}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const records = Array.isArray(data) ? data : data && typeof data === "object" ? Object.entries(data) : [];
    let group = bySlug.get(def.slug);
    if (!group) bySlug.set(def.slug, (group = { id: def.id, slug: def.slug, mvt: def.mvt, output: def.output ?? "list", alerts: [] })), groups.push(group);
    const seenAs = deleted ? { ...def, mvt: `${def.mvt} (deleted)` } : def;
    const before = group.alerts.length;
    for (const r of records) {
      for (const c of checks) if (!deleted || c.seesDeleted) observe(c, seenAs, r);
      const found = deleted ? deletedAlerts(def, r, indicators.set) : [...matchRecord(def, r, indicators.set), ...heuristicAlerts(def, r, indicators.set)];
      for (const a of found) {
        alerts.push(a);
        group.alerts.push(a);
      }
    }
    // What the module found over all its records at once (ShutdownLog's process at many reboots), found again.
    for (const f of deleted ? [] : (def.acrossRecords?.(records) ?? [])) {
      const a = toAlert(def.slug, f);
      alerts.push(a);
      group.alerts.push(a);
    }
    rows.push([seenAs.mvt, records.length, group.alerts.length - before]);
  }
  const acquisition: Acquisition = {
    kind: platform === "android" ? "androidqf" : "ios-backup",
    root: { path: dir, list: async () => [], file: async () => undefined, dir: async () => undefined },
    device,
    opened: [],
    select: async function* () {},
    sidecar: async () => undefined,
    close() {},
  };
  for (const c of checks) {
    const found = (await c.finish({ acquisition, indicators: indicators.set })).map((f) => toAlert(c.id, f));
    alerts.push(...found);
    groups.push({ id: c.id, slug: c.id, mvt: c.id, output: "list", alerts: found });
    if (found.length) rows.push([c.id, 0, found.length]);
  }
  // What the earlier run examined still bounds what this verdict can say (a spread: see run-scan.ts).
  const coverage = info.coverage && typeof info.coverage === "object" ? { coverage: info.coverage as Coverage } : {};
  const verdict = computeVerdict({ alerts, device, indicators: indicators.set.total, ...coverage });
  const written = output ? await writeRecheckedResults(dir, output, { info, groups, alerts, verdict, indicators, command: `check-iocs ${dir}` }) : undefined;
  if (opts.json) {
    process.stdout.write(terminalSafeJson(JSON.stringify({ folder: dir, indicators: indicators.distinct, ...indicatorsJson(indicators), alerts, warnings, verdict, ...(written ? { output: written.output, report: written.report } : {}) }, null, 2)) + "\n");
  } else {
    process.stdout.write(table(["module", "records", "alerts"], rows) + "\n\n");
    for (const w of warnings) process.stdout.write(`warning: ${terminalSafe(w)}\n`);
    for (const a of alerts) process.stdout.write(`${a.level} ${a.module}: ${terminalSafe(a.message)}\n`);
    if (written) process.stdout.write(`\n${terminalSafe(`Results written to ${written.output}`)}\n${terminalSafe(`Report: ${written.report}`)}\n`);
    process.stdout.write(`\n${printableVerdict(verdict)}`);
  }
  return exitCodeOf(verdict);
}

function readInfo(dir: string): Record<string, unknown> {
  try {
    const v = JSON.parse(readFileSync(join(dir, "info.json"), "utf8")) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
