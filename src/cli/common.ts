/** Options and the end-of-run report shared by the check-* commands. */
import { LEVEL_RANK, ALERT_LEVELS } from "../core/events.ts";
import { indicatorsJson, loadIndicators, setDateLines, type LoadedIndicators } from "./load-indicators.ts";
import { unusableLines } from "../indicators/unusable.ts";
import type { RunSummary } from "./run-scan.ts";
import { table } from "./console.ts";
import { terminalSafe, terminalSafeJson } from "../outputs/terminal-safe.ts";
import { verdictText, type Verdict } from "../checks/verdict.ts";

export interface CommonOptions {
  output: string;
  iocs: string[];
  indicators: boolean;
  module?: string[];
  json: boolean;
  /** Replace earlier results in the results folder (see prepareResultsDir). */
  overwrite?: boolean;
  /** Recover and check deleted records of the databases read (issue 16); `--no-carve` sets false. */
  carve?: boolean;
  /** `--fast` (check-backup, check-fs): skip slow heuristics, as MVT's. */
  fast?: boolean;
}

/** Exit codes, one per verdict (documented in the README and `--help`). */
export const EXIT = { CLEAN: 0, ERROR: 1, USAGE: 2, DETECTED: 10, REVIEW: 11 } as const;

/** 0 / 10 / 11 per verdict; nothing examined gives no verdict, so it is an error (1), never "clean" (0). */
export function exitCodeOf(v: Verdict): number {
  switch (v.outcome) {
    case "known_spyware":
      return EXIT.DETECTED;
    case "needs_review":
      return EXIT.REVIEW;
    case "nothing_examined":
      return EXIT.ERROR;
    default:
      return EXIT.CLEAN;
  }
}

export function loadIndicatorsFor(opts: CommonOptions): LoadedIndicators | undefined {
  if (!opts.indicators) return undefined;
  const loaded = loadIndicators(opts.iocs);
  if (!opts.json) {
    const what = `${loaded.bundled ? "bundled " : ""}indicator file${loaded.files.length === 1 ? "" : "s"}`;
    process.stderr.write(`Loaded ${loaded.distinct.toLocaleString("en-US")} distinct indicator${loaded.distinct === 1 ? "" : "s"} from ${loaded.files.length} ${what}\n`);
    for (const l of setDateLines(loaded.setInfo)) process.stderr.write(l + "\n");
    for (const l of unusableLines(loaded.unusable)) process.stderr.write(`warning: ${terminalSafe(l)}\n`);
    for (const w of loaded.notices) process.stderr.write(`warning: ${terminalSafe(w)}\n`);
  }
  return loaded;
}

/**
 * The verdict as printed: the fields that carry evidence text (the device's name, update advice naming apps and
 * versions, malware names from a bundle) escaped one line each before wrapping, so a line break planted in them
 * cannot start a line of its own; then the whole text, whose line breaks are Spyglass's.
 */
export function printableVerdict(v: Verdict): string {
  const one = (t: string) => terminalSafe(t);
  const safe = { ...v, device: one(v.device), malware: v.malware.map(one), update_advice: v.update_advice.map((u) => ({ ...u, message: one(u.message), advice: one(u.advice) })) };
  return terminalSafe(verdictText(safe), { multiline: true });
}

export function report(s: RunSummary, indicators: LoadedIndicators | undefined, opts: CommonOptions): number {
  const byLevel = s.alerts;
  const more = s.detectionsTotal - s.detections.length;
  if (opts.json) {
    process.stdout.write(
      terminalSafeJson(JSON.stringify(
        {
          output: s.output,
          indicators: indicators ? indicators.distinct : 0,
          ...(indicators ? indicatorsJson(indicators) : {}),
          modules: s.result.modules.map((m) => ({ module: m.info.slug, name: m.info.mvt, ...m.stats })),
          alerts: byLevel,
          detections: s.detections.map((a) => ({ level: a.level, module: a.module, message: a.message, matched_indicator: a.matched_indicator })),
          ...(more > 0 ? { detections_total: s.detectionsTotal } : {}),
          warnings: s.warnings,
          files: s.files,
          verdict: s.verdict,
          report: s.report,
          ...(s.coverage ? { coverage: s.coverage } : {}),
        },
        null,
        2,
      )) + "\n",
    );
  } else {
    const rows = s.result.modules.map((m) => [m.info.mvt, m.stats.records, s.timelineRows[m.info.mvt] ?? 0, m.stats.alerts, m.stats.warnings]);
    const total = (i: number) => rows.reduce((n, r) => n + (r[i] as number), 0);
    rows.push(["total", total(1), total(2), total(3), total(4)]);
    process.stdout.write(table(["module", "records", "timeline", "alerts", "warnings"], rows) + "\n\n");
    const recovered = s.result.modules.filter((m) => m.stats.deleted).map((m) => `${m.stats.deleted} ${m.info.mvt}`);
    if (recovered.length) process.stdout.write(`Recovered from deleted data: ${recovered.join(", ")} (in <module>_deleted.json; alerts on them say DELETED)\n`);
    for (const w of s.warnings) process.stdout.write(`warning: ${terminalSafe(`${w.module}: ${w.file ? w.file + ": " : ""}${w.message}`)}\n`);
    const levels = ALERT_LEVELS.filter((l) => byLevel[l]).sort((a, b) => LEVEL_RANK[b] - LEVEL_RANK[a]);
    for (const l of levels) process.stdout.write(`${byLevel[l]} ${l} alert${byLevel[l] === 1 ? "" : "s"}\n`);
    for (const d of s.detections) process.stdout.write(`DETECTED ${d.level} ${d.module}: ${terminalSafe(d.message)}\n`);
    if (more > 0) process.stdout.write(`… and ${more.toLocaleString("en-US")} more detection${more === 1 ? "" : "s"} in alerts.json and report.html\n`);
    if (s.coverage?.missing.length) process.stdout.write(`Not examined, missing from this acquisition: ${s.coverage.missing.join(", ")}\n`);
    process.stdout.write(`\n${terminalSafe(`Results written to ${s.output}`)}\n${terminalSafe(`Report: ${s.report}`)}\n\n${printableVerdict(s.verdict)}`);
  }
  return exitCodeOf(s.verdict);
}
