/**
 * One run on any host: scan an opened acquisition into a results folder (MVT files, command.log, info.json,
 * verdict.json, report.html) and sum it up. The CLI (src/cli/run-scan.ts) and the browser worker give it their
 * host: files, SQLite, scratch space, hashing, threads; everything the run decides is decided here, once.
 */
import type { Acquisition } from "../core/acquisition.ts";
import type { AnyArtifact } from "../core/artifact.ts";
import type { Coverage } from "../core/coverage.ts";
import type { Alert, AlertLevel, Warning } from "../core/events.ts";
import type { Host, OutputDir } from "../core/host.ts";
import { scan, type Progress, type ScanResult } from "../core/scan.ts";
import type { ScanSink } from "../core/sink.ts";
import type { SourceFile } from "../core/source.ts";
import { DEFAULT_SPLIT } from "../core/split-scan.ts";
import { carveDatabase } from "../formats/sqlite-carve.ts";
import { teeSinks } from "../core/sink.ts";
import { mvtFolderSink } from "../outputs/mvt-folder.ts";
import { commandLogSink } from "../outputs/command-log.ts";
import { infoJson } from "../outputs/info.ts";
import { toJson } from "../outputs/json.ts";
import { alertTally } from "../outputs/alert-tally.ts";
import { AlertDigester, type LineReader } from "../outputs/report-data.ts";
import type { TailMerger } from "../outputs/timeline.ts";
import { CROSS_CHECK_IDS, defaultCrossChecks } from "../checks/cross-checks.ts";
import type { Verdict } from "../checks/verdict.ts";
import { indicatorLogLines, indicatorsJson, type LoadedIndicators } from "./indicators.ts";
import { writeReportIn } from "./report.ts";

/** What a host gives a run besides the core Host. */
export interface RunHost {
  readonly host: Host;
  /** The results folder. */
  readonly out: OutputDir;
  /** Lines of a results file, streamed (report.html reads the timeline back when it must). */
  readonly lines: LineReader;
  /** SHA-256 hex of the files, in order; "" for a file the host does not hash (over `maxHashedBytes`). */
  hashFiles(files: readonly SourceFile[]): Promise<string[]>;
  readonly maxHashedBytes: number;
  /** The spyglass version info.json and command.log name. */
  readonly version: string;
  /** Where a stored file is, as info.json's hashes name it (default: the acquisition folder's path joined). */
  evidencePath?(file: SourceFile, root: string): string;
  /** Merges a large timeline's later half elsewhere (a thread), when the host can. */
  readonly timelineTail?: TailMerger;
  /** Wraps the run's sink (the CLI gives its event loop turns there). */
  wrapSink?(sink: ScanSink): ScanSink;
  /** Module progress, and a line for the steps after the modules. */
  readonly progress?: { update(p: Progress): void; status(text: string): void; done(): void };
  /** The results folder's state: marked unfinished at the start, finished at the end; `stopped` logs why it stopped. */
  readonly lifecycle?: {
    started(info: Record<string, unknown>): void;
    stopped(onStop: (reason: string) => void): void;
    complete(): void;
  };
}

export interface RunOptions {
  readonly acquisition: Acquisition;
  readonly artifacts: readonly AnyArtifact[];
  readonly indicators: LoadedIndicators | undefined;
  readonly only?: readonly string[];
  readonly command: string;
  readonly targetPath: string;
  readonly inputWarnings?: readonly string[];
  /** Evidence files read before the acquisition was opened (an age-encrypted original), hashed in info.json. */
  readonly evidence?: readonly SourceFile[];
  readonly timezone: "utc" | "local";
  /** What of the acquisition's main parts was there to examine, and what was missing (info.json `coverage`). */
  readonly coverage?: Coverage;
  /** Recover and check deleted records (default true; `--no-carve`). */
  readonly carve?: boolean;
  /** Skip slow heuristics, as MVT's `--fast` (check-backup, check-fs). */
  readonly fast?: boolean;
}

export interface RunResult {
  readonly result: ScanResult;
  /** Alerts per level. */
  readonly alerts: Record<AlertLevel, number>;
  /** The first detections (MAX_LISTED_DETECTIONS, in run order) and how many there were. */
  readonly detections: Alert[];
  readonly detectionsTotal: number;
  readonly warnings: Warning[];
  /** The results files, sorted. */
  readonly files: string[];
  readonly timelineRows: Record<string, number>;
  readonly verdict: Verdict;
  /** report.html as written. */
  readonly reportHtml: string;
  readonly coverage?: Coverage;
}

/** A detection is an indicator match or a HIGH/CRITICAL heuristic of a module: what makes the exit code 10. */
export function isDetection(a: Alert): boolean {
  return a.matched_indicator !== null || ((a.level === "HIGH" || a.level === "CRITICAL") && !CROSS_CHECK_IDS.has(a.module));
}

const joinPath = (file: SourceFile, root: string) => (file.path.startsWith("/") ? file.path : `${root.replace(/\/+$/, "")}/${file.path}`);

export async function runAcquisition(o: RunOptions, h: RunHost): Promise<RunResult> {
  const started = new Date();
  const out = h.out;
  // Until the end, the folder is marked INCOMPLETE (results-state.ts): a stopped run never reads as finished.
  h.lifecycle?.started({ target_path: o.targetPath, command: o.command, spyglass_version: h.version, start_time: started.toISOString() });
  const parallel = h.host.parallel;
  // With threads, a large timeline is merged in two halves, the later one on a worker thread.
  const folder = mvtFolderSink(out, { timezone: o.timezone, scratch: h.host.scratch, timelineTail: parallel ? h.timelineTail : undefined });
  const logFile = out.create("command.log");
  const log = commandLogSink(logFile);
  // Stopped early, the log ends with why (and what it buffered is written: close() flushes synchronously).
  h.lifecycle?.stopped((reason) => (log.line("spyglass", "WARNING", `Run not finished: ${reason}; these results are incomplete`), void logFile.close()));
  log.line("spyglass", "INFO", `Spyglass ${h.version}: ${o.command}`);
  for (const l of o.indicators ? indicatorLogLines(o.indicators) : []) log.line("spyglass", l.level, l.text);
  for (const w of o.inputWarnings ?? []) log.line("spyglass", "WARNING", w);
  const bar = h.progress;
  // Alerts are counted and ranked as they stream by, never kept: a run can raise 10^6 of them.
  const tally = alertTally(isDetection);
  const cards = new AlertDigester();
  const sink = teeSinks(folder.sink, log, tally.sink, { alert: (a) => cards.add(a) });
  const result = await scan({
    acquisition: o.acquisition,
    artifacts: o.artifacts,
    host: h.host,
    indicators: o.indicators?.set,
    sink: h.wrapSink ? h.wrapSink(sink) : sink,
    keepAlerts: false,
    only: o.only,
    checks: defaultCrossChecks(),
    split: DEFAULT_SPLIT,
    carve: o.carve === false ? undefined : carveDatabase,
    fast: o.fast,
    onProgress: bar ? (p) => bar.update(p) : undefined,
  });
  bar?.status("Sorting the timeline and hashing the evidence…");
  // The stored evidence is hashed (for a decrypted view, its encrypted original), each file once: on another
  // thread while this one merges the timeline.
  const evidence = new Map<string, SourceFile>();
  for (const view of [...(o.evidence ?? []), ...o.acquisition.opened, ...result.filesRead]) {
    const f = view.evidence ?? view;
    if (f.path === "") continue; // a stand-in for a whole folder (a dump's walk, ios-fs.ts): no file to hash
    if (!evidence.has(f.path)) evidence.set(f.path, f);
  }
  const hashing = h.hashFiles([...evidence.values()]);
  const { files, timelineRows, histogram } = await folder.finish();
  bar?.done();
  const warnings: Warning[] = [
    ...(o.inputWarnings ?? []).map((message) => ({ module: "input", file: o.targetPath, message })),
    ...result.warnings,
  ];
  const digests = await hashing;
  [...evidence.values()].forEach((f, i) => {
    if (!digests[i]) warnings.push({ module: "input", file: f.path, message: `over ${h.maxHashedBytes / 2 ** 30} GiB: not hashed in info.json (hash it with sha256sum if you need its digest)` });
  });
  const where = h.evidencePath ?? joinPath;
  const hashes = [...evidence.values()].map((f, i) => ({ file_path: where(f, o.acquisition.root.path), sha256: digests[i]! }));
  const info = out.create("info.json");
  info.write(
    toJson({
      ...infoJson({
        target_path: o.targetPath,
        command: o.command,
        spyglass_version: h.version,
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
  log.line("spyglass", "INFO", `Wrote ${files.length + 1} result files to ${out.path}`);
  await logFile.close();
  h.lifecycle?.stopped(() => {}); // closed: its descriptor may be reused by the next file
  const verdict = cards.verdict.finish({ warnings, device: o.acquisition.device, indicators: o.indicators?.set.total ?? 0, ...(o.coverage ? { coverage: o.coverage } : {}) });
  const vj = out.create("verdict.json");
  vj.write(toJson(verdict));
  await vj.close();
  o.acquisition.close();
  const reportHtml = await writeReportIn(out, h.lines, { histogram, alerts: cards });
  h.lifecycle?.complete();
  return {
    result,
    alerts: tally.byLevel,
    detections: tally.detections,
    detectionsTotal: tally.detectionsTotal(),
    warnings,
    files: [...files, "info.json", "verdict.json", "report.html", "command.log"].sort(),
    timelineRows,
    verdict,
    reportHtml,
    ...(o.coverage ? { coverage: o.coverage } : {}),
  };
}
