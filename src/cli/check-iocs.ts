/** `spyglass check-iocs RESULTS`: re-match a saved results folder against (new) indicators, without the evidence. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { SpyglassError } from "../core/errors.ts";
import type { Alert } from "../core/events.ts";
import { heuristicAlerts, matchRecord, toAlert } from "../core/check-record.ts";
import type { Acquisition } from "../core/acquisition.ts";
import { observe } from "../core/cross-check.ts";
import { defaultCrossChecks } from "../checks/cross-checks.ts";
import { ARTIFACTS } from "../artifacts/index.ts";
import type { CommonOptions } from "./common.ts";
import { exitCodeOf, loadIndicatorsFor } from "./common.ts";
import { indicatorsJson } from "./load-indicators.ts";
import { computeVerdict, verdictText } from "../checks/verdict.ts";
import { table } from "./console.ts";

export async function checkIocs(folder: string, opts: CommonOptions): Promise<number> {
  const dir = resolve(folder);
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
  } catch {
    throw new SpyglassError("E_NOT_FOUND", `${dir} is not a results folder`, { file: dir });
  }
  const indicators = loadIndicatorsFor({ ...opts, indicators: true })!;
  const alerts: Alert[] = [];
  const rows: (string | number)[][] = [];
  const warnings: string[] = [];
  // info.json says which command wrote the folder: iOS and Android both have an `sms` module.
  const info = readInfo(dir);
  const platform = /^check-(androidqf|bugreport|android-backup|intrusion-logs)\b/.test(String(info.command ?? "")) ? "android" : "ios";
  const device = (info.device && typeof info.device === "object" ? info.device : {}) as Record<string, unknown>;
  // The cross checks run again too: new brands or a newer exploited-versions list apply to old results.
  const checks = defaultCrossChecks();
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".json") || name.endsWith("_detected.json")) continue;
    const def = ARTIFACTS.find((a) => `${a.slug}.json` === name && a.platform === platform);
    if (!def) continue;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, name), "utf8"));
    } catch (err) {
      warnings.push(`${name}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const records = Array.isArray(data) ? data : data && typeof data === "object" ? Object.entries(data) : [];
    let found = 0;
    for (const r of records) {
      for (const c of checks) observe(c, def, r);
      for (const a of [...matchRecord(def, r, indicators.set), ...heuristicAlerts(def, r, indicators.set)]) {
        alerts.push(a);
        found++;
      }
    }
    rows.push([def.mvt, records.length, found]);
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
    const found = await c.finish({ acquisition, indicators: indicators.set });
    for (const f of found) alerts.push(toAlert(c.id, f));
    if (found.length) rows.push([c.id, 0, found.length]);
  }
  const verdict = computeVerdict({ alerts, device, indicators: indicators.set.total });
  if (opts.json) {
    process.stdout.write(JSON.stringify({ folder: dir, indicators: indicators.distinct, ...indicatorsJson(indicators), alerts, warnings, verdict }, null, 2) + "\n");
  } else {
    process.stdout.write(table(["module", "records", "alerts"], rows) + "\n\n");
    for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
    for (const a of alerts) process.stdout.write(`${a.level} ${a.module}: ${a.message}\n`);
    process.stdout.write(`\n${verdictText(verdict)}`);
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
