/** Shared by every check-* command: the run (src/run/run-scan.ts) on the Node host, into a results folder on disk. */
import { isAbsolute, join } from "node:path";
import type { ScanResult } from "../core/scan.ts";
import type { Coverage } from "../core/coverage.ts";
import type { Alert, AlertLevel, Warning } from "../core/events.ts";
import { hashFiles, MAX_HASHED_BYTES, nodeHost } from "../node/host.ts";
import { nodeParallel } from "../node/parallel.ts";
import { nodeTimelineTail } from "../node/timeline-tail.ts";
import { localOutputDir } from "../node/output-dir.ts";
import type { Verdict } from "../checks/verdict.ts";
import { progressBar } from "./console.ts";
import { nodeLines, REPORT_FILE } from "./report.ts";
import { VERSION } from "./version.ts";
import { markResultsComplete, markResultsStarted, onResultsStopped } from "../node/results-state.ts";
import { withEventLoopTurns } from "../node/event-loop-turns.ts";
import { runAcquisition, type RunOptions as RunCoreOptions } from "../run/run-scan.ts";

export { isDetection } from "../run/run-scan.ts";

export interface RunOptions extends RunCoreOptions {
  readonly output: string;
  readonly progress: boolean;
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

/** Worker threads for large tables: SPYGLASS_WORKERS (0: none), else one per core. */
function workerCount(): number | undefined {
  const n = Number.parseInt(process.env.SPYGLASS_WORKERS ?? "", 10);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export async function runScan(o: RunOptions): Promise<RunSummary> {
  const parallel = nodeParallel(workerCount());
  const { reportHtml: _html, ...run } = await runAcquisition(o, {
    host: { ...nodeHost, parallel },
    out: localOutputDir(o.output),
    lines: nodeLines(o.output),
    hashFiles,
    maxHashedBytes: MAX_HASHED_BYTES,
    version: VERSION,
    evidencePath: (f, root) => (isAbsolute(f.path) ? f.path : join(root, f.path)),
    timelineTail: nodeTimelineTail,
    wrapSink: withEventLoopTurns, // Ctrl-C answered mid-module
    progress: o.progress ? progressBar() : undefined,
    lifecycle: {
      started: (info) => markResultsStarted(o.output, info),
      stopped: onResultsStopped,
      complete: () => markResultsComplete(o.output),
    },
  });
  return { ...run, output: o.output, report: join(o.output, REPORT_FILE) };
}
