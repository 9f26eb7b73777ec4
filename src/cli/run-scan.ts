/** Shared by every check-* command: scan an opened acquisition into a results folder and summarise. */
import { isAbsolute, join } from "node:path";
import type { Acquisition } from "../core/acquisition.ts";
import type { AnyArtifact } from "../core/artifact.ts";
import type { Coverage } from "../core/coverage.ts";
import type { Alert, AlertLevel, Warning } from "../core/events.ts";
import { scan, type ScanResult } from "../core/scan.ts";
import type { SourceFile } from "../core/source.ts";
import { hashFiles, MAX_HASHED_BYTES, nodeHost } from "../node/host.ts";
import { nodeParallel } from "../node/parallel.ts";
import { nodeTimelineTail } from "../node/timeline-tail.ts";
import { DEFAULT_SPLIT } from "../core/split-scan.ts";
import { carveDatabase } from "../formats/sqlite-carve.ts";
import { localOutputDir } from "../node/output-dir.ts";
import { mvtFolderSink } from "../outputs/mvt-folder.ts";
import { commandLogSink } from "../outputs/command-log.ts";
import { teeSinks } from "../core/sink.ts";
import { infoJson } from "../outputs/info.ts";
import { toJson } from "../outputs/json.ts";
import { indicatorLogLines, indicatorsJson, type LoadedIndicators } from "./load-indicators.ts";
import { progressBar } from "./console.ts";
import { CROSS_CHECK_IDS, defaultCrossChecks } from "../checks/cross-checks.ts";
import type { Verdict } from "../checks/verdict.ts";
import { alertTally } from "../outputs/alert-tally.ts";
import { AlertDigester } from "../outputs/report-data.ts";
import { writeReport } from "./report.ts";
import { VERSION } from "./version.ts";
import { markResultsComplete, markResultsStarted, onResultsStopped } from "../node/results-state.ts";
import { withEventLoopTurns } from "../node/event-loop-turns.ts";

export interface RunOptions {
  readonly acquisition: Acquisition;
  readonly artifacts: readonly AnyArtifact[];
  readonly indicators: LoadedIndicators | undefined;
  readonly output: string;
  readonly only?: readonly string[];
  readonly command: string;
  readonly targetPath: string;
  readonly inputWarnings?: readonly string[];
  /** Evidence files read before the acquisition was opened (an age-encrypted original), hashed in info.json. */
  readonly evidence?: readonly SourceFile[];
  readonly timezone: "utc" | "local";
  readonly progress: boolean;
  /** What of the acquisition's main parts was there to examine, and what was missing (info.json `coverage`). */
  readonly coverage?: Coverage;
  /** Recover and check deleted records (default true; `--no-carve`). */
  readonly carve?: boolean;
}

export interface RunSummary {
  readonly result: ScanResult;
  /** Alerts per level. */
  readonly alerts: Record<AlertLevel, number>;
  /** The first detections (MAX_LISTED_DETECTIONS, in run order) and how many there were. */
  readonly detections: Alert[];
  readonly detectionsTotal: number;
  readonly warnings: Warning[];
  readonly output: string;
  readonly files: string[];
  readonly timelineRows: Record<string, number>;
  readonly verdict: Verdict;
  /** Path of report.html. */
  readonly report: string;
  readonly coverage?: Coverage;
}

/** A detection is an indicator match or a HIGH/CRITICAL heuristic of a module: what makes the exit code 10. */
export function isDetection(a: Alert): boolean {
  return a.matched_indicator !== null || ((a.level === "HIGH" || a.level === "CRITICAL") && !CROSS_CHECK_IDS.has(a.module));
}

/** Worker threads for large tables: SPYGLASS_WORKERS (0: none), else one per core. */
function workerCount(): number | undefined {
  const n = Number.parseInt(process.env.SPYGLASS_WORKERS ?? "", 10);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export async function runScan(o: RunOptions): Promise<RunSummary> {
  const started = new Date();
  const out = localOutputDir(o.output);
  // Until the end, the folder is marked INCOMPLETE (results-state.ts): a stopped run never reads as finished.
  markResultsStarted(o.output, { target_path: o.targetPath, command: o.command, spyglass_version: VERSION, start_time: started.toISOString() });
  const parallel = nodeParallel(workerCount());
  // With threads, a large timeline is merged in two halves, the later one on a worker thread.
  const folder = mvtFolderSink(out, { timezone: o.timezone, scratch: nodeHost.scratch, timelineTail: parallel ? nodeTimelineTail : undefined });
  const logFile = out.create("command.log");
  const log = commandLogSink(logFile);
  // Stopped early, the log ends with why (and what it buffered is written: close() flushes synchronously).
  onResultsStopped((reason) => (log.line("spyglass", "WARNING", `Run not finished: ${reason}; these results are incomplete`), void logFile.close()));
  log.line("spyglass", "INFO", `Spyglass ${VERSION}: ${o.command}`);
  for (const l of o.indicators ? indicatorLogLines(o.indicators) : []) log.line("spyglass", l.level, l.text);
  for (const w of o.inputWarnings ?? []) log.line("spyglass", "WARNING", w);
  const bar = o.progress ? progressBar() : undefined;
  // Alerts are counted and ranked as they stream by, never kept: a run can raise 10^6 of them.
  const tally = alertTally(isDetection);
  const cards = new AlertDigester();
  const result = await scan({
    acquisition: o.acquisition,
    artifacts: o.artifacts,
    host: { ...nodeHost, parallel },
    indicators: o.indicators?.set,
    sink: withEventLoopTurns(teeSinks(folder.sink, log, tally.sink, { alert: (a) => cards.add(a) })), // Ctrl-C answered mid-module
    keepAlerts: false,
    only: o.only,
    checks: defaultCrossChecks(),
    split: DEFAULT_SPLIT,
    carve: o.carve === false ? undefined : carveDatabase,
    onProgress: bar ? (p) => bar.update(p) : undefined,
  });
  bar?.status("Sorting the timeline and hashing the evidence…");
  // The stored evidence is hashed (for a decrypted view, its encrypted original), each file once: on another
  // thread while this one merges the timeline.
  const evidence = new Map<string, SourceFile>();
  for (const view of [...(o.evidence ?? []), ...o.acquisition.opened, ...result.filesRead]) {
    const f = view.evidence ?? view;
    if (!evidence.has(f.path)) evidence.set(f.path, f);
  }
  const hashing = hashFiles([...evidence.values()]);
  const { files, timelineRows, histogram } = await folder.finish();
  bar?.done();
  const warnings: Warning[] = [
    ...(o.inputWarnings ?? []).map((message) => ({ module: "input", file: o.targetPath, message })),
    ...result.warnings,
  ];
  const digests = await hashing;
  [...evidence.values()].forEach((f, i) => {
    if (!digests[i]) warnings.push({ module: "input", file: f.path, message: `over ${MAX_HASHED_BYTES / 2 ** 30} GiB: not hashed in info.json (hash it with sha256sum if you need its digest)` });
  });
  const hashes = [...evidence.values()].map((f, i) => ({ file_path: isAbsolute(f.path) ? f.path : join(o.acquisition.root.path, f.path), sha256: digests[i]! }));
  const info = out.create("info.json");
  info.write(
    toJson({
      ...infoJson({
        target_path: o.targetPath,
        command: o.command,
        spyglass_version: VERSION,
        started,
        ended: new Date(),
        ioc_files: o.indicators?.files ?? [],
        hashes,
        device: { ...o.acquisition.device },
        warnings,
        threads: result.split.jobs ? result.split : undefined,
        indicators: o.indicators ? indicatorsJson(o.indicators) : undefined,
        modules: result.modules.map((m) => ({ module: m.info.slug, name: m.info.mvt, records: m.stats.records, timeline: timelineRows[m.info.mvt] ?? 0, alerts: m.stats.alerts, warnings: m.stats.warnings })),
      }),
      ...(o.coverage ? { coverage: o.coverage } : {}),
    }),
  );
  await info.close();
  log.line("spyglass", "INFO", `Wrote ${files.length + 1} result files to ${o.output}`);
  await logFile.close();
  onResultsStopped(() => {}); // closed: its descriptor may be reused by the next file
  const verdict = cards.verdict.finish({ warnings, device: o.acquisition.device, indicators: o.indicators?.set.total ?? 0, ...(o.coverage ? { coverage: o.coverage } : {}) });
  const vj = out.create("verdict.json");
  vj.write(toJson(verdict));
  await vj.close();
  o.acquisition.close();
  const report = await writeReport(o.output, { histogram, alerts: cards });
  markResultsComplete(o.output);
  return {
    result,
    alerts: tally.byLevel,
    detections: tally.detections,
    detectionsTotal: tally.detectionsTotal(),
    warnings,
    output: o.output,
    files: [...files, "info.json", "verdict.json", "report.html", "command.log"].sort(),
    timelineRows,
    verdict,
    report,
    ...(o.coverage ? { coverage: o.coverage } : {}),
  };
}

