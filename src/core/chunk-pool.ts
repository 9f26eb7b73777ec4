/**
 * The host's threads for large tables, as the plain data that crosses to them: what a scan shares, a job (a range of
 * rows), what comes back, and the pool. Types only, importing only leaf types: host.ts names the pool without
 * pulling the engine in (chunk.ts runs the jobs), which keeps the core's imports one way.
 */
import type { Collection } from "../indicators/types.ts";
import type { RenderedRun } from "./sink.ts";

/**
 * from ≤ key < to; the first range has no lower bound (and holds the NULL keys), the last no upper bound. Modules
 * write it into their query with `rangeSql`.
 */
export interface RowRange {
  readonly from: number;
  readonly to: number;
  readonly first: boolean;
  readonly last: boolean;
}

/** What every job of one scan shares; sent once to each worker. */
export interface PoolSetup {
  readonly indicators: readonly Collection[] | undefined;
  /** Cross checks by id: the worker builds the same ones to take notes. */
  readonly checks: readonly string[];
  readonly device: Readonly<Record<string, unknown>>;
  /** `--fast`: the workers leave out slow checks too. */
  readonly fast?: boolean;
  /**
   * Started for a listing (`splitListing`): its jobs render short entries, which a host's default nursery sized for
   * message tables would only fill with memory.
   */
  readonly forListing?: boolean;
}

export interface ChunkJob {
  readonly module: string;
  readonly file: string;
  /** The acquisition's InputKind (a string here: this file sits below artifact.ts, which imports the host). */
  readonly kind: string;
  /** The database, as `SqliteDb.share` describes it. */
  readonly db: unknown;
  /** Instead of a database, the acquisition's listing as `FileListing.split` shares it (a `splitListing` module). */
  readonly listing?: unknown;
  readonly rows: RowRange;
  /** The module's run order (it sorts the timeline's equal timestamps). */
  readonly order: number;
}

/** What a range gave, rendered by the worker as the results writer would (so the main thread only writes it). */
export interface ChunkResult {
  readonly records: number;
  readonly rendered: Uint8Array[];
  readonly timeline: number;
  /** The range's timeline events as one sorted run (opaque to the engine: the sink's format). */
  readonly timelineRun: RenderedRun;
  readonly urls: number;
  readonly urlsRendered: Uint8Array[];
  /** JSON: an alert's event may hold ExactIntegers, which a structured clone would turn into plain objects. */
  readonly alerts: string;
  /** [index of the check in PoolSetup.checks, note] */
  readonly notes: [number, unknown][];
  readonly warnings: string[];
  /** [problem, count, first example], in first-seen order (see ParseContext.countProblem). */
  readonly problems: [string, number, string][];
}

export interface ChunkPool {
  /** Jobs it runs at once. */
  readonly threads: number;
  run(job: ChunkJob): Promise<ChunkResult>;
  /** A result has been written (sinks never keep rendered bytes): the pool may reuse its buffers. */
  recycle?(result: ChunkResult): void;
  close(): Promise<void>;
}
