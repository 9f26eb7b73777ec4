/**
 * Parsing a ROWID range of a large table on another thread (see `splitRows`): a job goes out, and everything the
 * records give comes back as plain data, in record order, for the main thread to write as if it had parsed them.
 */
import type { AnyArtifact, ArtifactInput, ParseContext, RowRange } from "./artifact.ts";
import type { Host, SqliteDb } from "./host.ts";
import type { SourceDir, SourceFile } from "./source.ts";
import { toAlert } from "./check-record.ts";
import type { CrossCheck } from "./cross-check.ts";
import type { Alert, UrlEntry } from "./events.ts";
import type { Collection, IndicatorSet } from "../indicators/types.ts";
import { describeError, SpyglassError } from "./errors.ts";
import { alertsOf, timelineOf, urlsOf } from "./record-outputs.ts";

/** What every job of one scan shares; sent once to each worker. */
export interface PoolSetup {
  readonly indicators: readonly Collection[] | undefined;
  /** Cross checks by id: the worker builds the same ones to take notes. */
  readonly checks: readonly string[];
  readonly device: Readonly<Record<string, unknown>>;
}

export interface ChunkJob {
  readonly module: string;
  readonly file: string;
  readonly kind: ArtifactInput["kind"];
  /** The database, as `SqliteDb.share` describes it. */
  readonly db: unknown;
  readonly rows: RowRange;
}

export interface ChunkResult {
  readonly records: number;
  /** The records as the results writer renders them (for MVT JSON: list items, comma-separated, ASCII). */
  readonly rendered: Uint8Array[];
  /** [timestamp, event, data] */
  readonly timeline: [string, string, string][];
  /** JSON: an alert's event may hold ExactIntegers, which a structured clone would turn into plain objects. */
  readonly alerts: string;
  readonly urls: UrlEntry[];
  /** [index of the check in PoolSetup.checks, note] */
  readonly notes: [number, unknown][];
  readonly warnings: string[];
}

export interface ChunkPool {
  run(job: ChunkJob): Promise<ChunkResult>;
  close(): Promise<void>;
}

/** Renders records on the worker as the main thread's writer would; returns the bytes at the end. */
export interface RecordRenderer {
  add(record: unknown): void;
  end(): Uint8Array[];
}

export interface ChunkEnv {
  readonly host: Host;
  /** The job's database, opened on this thread. */
  openDb(): Promise<SqliteDb>;
  readonly device: Readonly<Record<string, unknown>>;
  readonly indicators: IndicatorSet | undefined;
  readonly checks: readonly CrossCheck[];
  readonly renderer: RecordRenderer;
}

/** Parses one range and collects its outputs (on a worker thread). */
export async function runChunk(def: AnyArtifact, job: ChunkJob, env: ChunkEnv): Promise<ChunkResult> {
  const out = { records: 0, timeline: [] as [string, string, string][], alerts: [] as Alert[], urls: [] as UrlEntry[], notes: [] as [number, unknown][], warnings: [] as string[] };
  const ctx: ParseContext = {
    host: env.host,
    indicatorsLoaded: !!env.indicators && env.indicators.total > 0,
    device: env.device,
    sqlite: () => env.openDb(),
    find: async () => undefined, // a split module reads only its own database
    resultsOf: () => [],
    warn: (m) => out.warnings.push(m),
    alert: (f) => out.alerts.push(toAlert(def.slug, f)),
  };
  try {
    const { file, root } = databaseOnly(job.file);
    for await (const record of def.parse({ file, root, kind: job.kind, rows: job.rows }, ctx)) {
      out.records++;
      env.checks.forEach((c, i) => {
        const note = c.note?.(def, record);
        if (note !== undefined) out.notes.push([i, note]);
      });
      env.renderer.add(record);
      for (const e of timelineOf(def, record)) out.timeline.push([e.timestamp, e.event, e.data]);
      out.alerts.push(...alertsOf(def, record, env.indicators));
      for (const u of urlsOf(def, record)) out.urls.push(u);
    }
  } catch (err) {
    out.warnings.push(err instanceof SpyglassError ? err.message : describeError(err));
  }
  return { ...out, alerts: JSON.stringify(out.alerts), rendered: env.renderer.end() };
}

/** A split module reads its database through ctx.sqlite only: the file and folder on a worker say so if used. */
function databaseOnly(path: string): { file: SourceFile; root: SourceDir } {
  const no = (): never => {
    throw new Error(`${path}: a module parsing part of a table reads only its database`);
  };
  const file: SourceFile = { path, size: 0, bytes: async () => no(), stream: () => no(), slice: async () => no() };
  const root: SourceDir = { path: "", list: async () => no(), file: async () => no(), dir: async () => no() };
  return { file, root };
}
