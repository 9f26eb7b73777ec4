/** Options and the end-of-run report shared by the check-* commands. */
import { LEVEL_RANK, ALERT_LEVELS } from "../core/events.ts";
import { loadIndicators, type LoadedIndicators } from "./load-indicators.ts";
import type { RunSummary } from "./run-scan.ts";
import { table } from "./console.ts";
import { verdictText, type Verdict } from "../checks/verdict.ts";

export interface CommonOptions {
  output: string;
  iocs: string[];
  indicators: boolean;
  module?: string[];
  json: boolean;
}

/** Exit codes, one per verdict (documented in the README and `--help`). */
export const EXIT = { CLEAN: 0, ERROR: 1, USAGE: 2, DETECTED: 10, REVIEW: 11 } as const;

export function exitCodeOf(v: Verdict): number {
  return v.outcome === "known_spyware" ? EXIT.DETECTED : v.outcome === "needs_review" ? EXIT.REVIEW : EXIT.CLEAN;
}

export function loadIndicatorsFor(opts: CommonOptions): LoadedIndicators | undefined {
  if (!opts.indicators) return undefined;
  const loaded = loadIndicators(opts.iocs);
  if (!opts.json) {
    const what = loaded.bundled ? "bundled indicator files" : "indicator files";
    process.stderr.write(`Loaded ${loaded.set.total.toLocaleString("en-US")} indicators from ${loaded.files.length} ${what}\n`);
    for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
  }
  return loaded;
}

export function report(s: RunSummary, indicators: LoadedIndicators | undefined, opts: CommonOptions): number {
  const byLevel = s.alerts;
  const more = s.detectionsTotal - s.detections.length;
  if (opts.json) {
    process.stdout.write(
      JSON.stringify(
        {
          output: s.output,
          indicators: indicators ? indicators.set.total : 0,
          modules: s.result.modules.map((m) => ({ module: m.info.slug, name: m.info.mvt, ...m.stats })),
          alerts: byLevel,
          detections: s.detections.map((a) => ({ level: a.level, module: a.module, message: a.message, matched_indicator: a.matched_indicator })),
          ...(more > 0 ? { detections_total: s.detectionsTotal } : {}),
          warnings: s.warnings,
          files: s.files,
          verdict: s.verdict,
          report: s.report,
        },
        null,
        2,
      ) + "\n",
    );
  } else {
    const rows = s.result.modules.map((m) => [m.info.mvt, m.stats.records, s.timelineRows[m.info.mvt] ?? 0, m.stats.alerts, m.stats.warnings]);
    const total = (i: number) => rows.reduce((n, r) => n + (r[i] as number), 0);
    rows.push(["total", total(1), total(2), total(3), total(4)]);
    process.stdout.write(table(["module", "records", "timeline", "alerts", "warnings"], rows) + "\n\n");
    for (const w of s.warnings) process.stdout.write(`warning: ${w.module}: ${w.file ? w.file + ": " : ""}${w.message}\n`);
    const levels = ALERT_LEVELS.filter((l) => byLevel[l]).sort((a, b) => LEVEL_RANK[b] - LEVEL_RANK[a]);
    for (const l of levels) process.stdout.write(`${byLevel[l]} ${l} alert${byLevel[l] === 1 ? "" : "s"}\n`);
    for (const d of s.detections) process.stdout.write(`DETECTED ${d.level} ${d.module}: ${d.message}\n`);
    if (more > 0) process.stdout.write(`… and ${more.toLocaleString("en-US")} more detection${more === 1 ? "" : "s"} in alerts.json and report.html\n`);
    process.stdout.write(`\nResults written to ${s.output}\nReport: ${s.report}\n\n${verdictText(s.verdict)}`);
  }
  return exitCodeOf(s.verdict);
}
