/** The one event stream the engine emits; output writers (result folder, console, web UI) are sinks on it. */
import type { Alert, TimelineEvent, UrlEntry, Warning } from "./events.ts";

/** The run-order position and names of one module. */
export interface ModuleInfo {
  readonly id: string;
  readonly slug: string;
  readonly mvt: string;
  readonly order: number;
  readonly output: "list" | "dict";
}

export interface ModuleStats {
  records: number;
  timeline: number;
  alerts: number;
  warnings: number;
  ms: number;
  /** Records recovered from deleted data, when carving found any. */
  deleted?: number;
}

/** A sorted run of timeline lines rendered elsewhere (the format is the sink's: see outputs/timeline.ts). */
export interface RenderedRun {
  /** The lines joined by "\n": a string, or its UTF-8 bytes in pieces (which sinks never keep). */
  readonly text: string | readonly Uint8Array[];
  readonly rows: number;
  /** Sort keys sampled from the run: where a merge of many runs may split. */
  readonly samples: readonly string[];
}

export interface ScanSink {
  moduleBegin?(m: ModuleInfo): void;
  record?(m: ModuleInfo, record: unknown): void;
  /**
   * Records a worker thread parsed and rendered as the results writer does (MVT JSON list items, ASCII, joined by
   * ",\n"), in place of `record` for each; `count` records. The buffers are reused once it returns: never kept.
   */
  recordsRendered?(m: ModuleInfo, rendered: readonly Uint8Array[], count: number): void;
  /** Timeline events a worker sorted and rendered as one run (see outputs/timeline.ts), in place of `timeline`. */
  timelineRun?(m: ModuleInfo, run: RenderedRun): void | Promise<void>;
  /** `count` urls.json entries a worker rendered (list items), in place of `url`. */
  urlsRendered?(rendered: readonly Uint8Array[], count: number): void;
  timeline?(m: ModuleInfo, event: TimelineEvent): void | Promise<void>;
  alert?(alert: Alert): void;
  url?(entry: UrlEntry): void;
  warning?(w: Warning): void;
  /** A record recovered from deleted data (issue 16): never one of the module's own records. */
  deleted?(m: ModuleInfo, record: unknown): void;
  moduleEnd?(m: ModuleInfo, stats: ModuleStats): void | Promise<void>;
}

/** Fans one stream out to several sinks. */
export function teeSinks(...sinks: ScanSink[]): ScanSink {
  return {
    moduleBegin: (m) => sinks.forEach((s) => s.moduleBegin?.(m)),
    record: (m, r) => sinks.forEach((s) => s.record?.(m, r)),
    recordsRendered: (m, rendered, n) => sinks.forEach((s) => s.recordsRendered?.(m, rendered, n)),
    timelineRun: async (m, run) => {
      for (const s of sinks) await s.timelineRun?.(m, run);
    },
    urlsRendered: (rendered, n) => sinks.forEach((s) => s.urlsRendered?.(rendered, n)),
    timeline: async (m, e) => {
      for (const s of sinks) await s.timeline?.(m, e);
    },
    alert: (a) => sinks.forEach((s) => s.alert?.(a)),
    url: (u) => sinks.forEach((s) => s.url?.(u)),
    warning: (w) => sinks.forEach((s) => s.warning?.(w)),
    deleted: (m, r) => sinks.forEach((s) => s.deleted?.(m, r)),
    moduleEnd: async (m, st) => {
      for (const s of sinks) await s.moduleEnd?.(m, st);
    },
  };
}
