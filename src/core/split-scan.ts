/**
 * The main thread's side of a split table: its ranges go to the host's pool, results come back and are written
 * strictly in range order, so the results files are the same as a one-thread scan's, byte for byte.
 */
import type { AnyArtifact, ParseContext, RowRange } from "./artifact.ts";
import type { ChunkJob, ChunkPool, ChunkResult, ProblemCounter } from "./chunk.ts";
import type { CrossCheck } from "./cross-check.ts";
import type { Alert } from "./events.ts";
import type { FileListing } from "./listing.ts";
import { reviveExact } from "./exact-int.ts";
import { sqlIdentifier } from "./host.ts";
import type { ModuleInfo, ModuleStats, ScanSink } from "./sink.ts";
import type { SourceFile } from "./source.ts";

export interface SplitOptions {
  /** Tables with fewer rows are parsed on the main thread. */
  readonly minRows: number;
  /** Rows per job (memory in flight: a few jobs' rendered records). */
  readonly chunkRows: number;
  /**
   * Rows per job when a table is split on another key than ROWID: without an index on it (Safari has none on
   * visit_time) every range scans the table, so fewer, larger ranges.
   */
  readonly keyChunkRows: number;
  /** Jobs queued or running at once (at least two per thread of the pool). */
  readonly inFlight: number;
  /**
   * Entries per job of a listing (`splitListing`; default LISTING_ROWS); a listing with fewer than `minRows` entries is
   * rendered on the main thread.
   */
  readonly listingRows?: number;
}

// A dump entry renders to ~240 bytes (its JSON record and timeline row): 25,000 a job keep four in flight at ~25 MB,
// and make as many sorted timeline runs as the main thread's own (RUN_SIZE in outputs/timeline.ts).
const LISTING_ROWS = 25_000;

/**
 * Ranges of a listing the main thread renders itself while a pool started for it loads: measured, a worker takes
 * ~0.5 s of CPU to start (its code, the indicators, the cross checks) and this thread renders a 25,000-entry range in
 * ~0.1 s; at most a quarter of the ranges, so that the threads keep most of the work.
 */
export const LISTING_LEAD = 4;

/** Ranges of a kept listing, when it has enough entries to split. */
export function listingRanges(listing: FileListing | undefined, opts: SplitOptions): { ranges: RowRange[]; share: unknown } | undefined {
  const split = listing?.split?.(opts.listingRows ?? LISTING_ROWS);
  return split && split.ranges.length > 1 && split.ranges[split.ranges.length - 1]!.to >= opts.minRows ? split : undefined;
}

// 5,000 messages render to ~15 MB of JSON: four in flight keep both cores busy in bounded memory.
export const DEFAULT_SPLIT: SplitOptions = { minRows: 50_000, chunkRows: 5_000, keyChunkRows: 40_000, inFlight: 4 };

/**
 * Ranges of a table large enough to split, and how to open its database elsewhere; else undefined. Dense ROWIDs (the
 * usual AUTOINCREMENT table) are cut into equal spans at once. Otherwise, and for another key, the bounds are the key
 * of every n-th row in key order, found by SQLite in one pass (0.85 s on 10^6 messages, hence not by default): ranges
 * hold n rows however sparse the keys, and equal keys always fall in one range (ranges are cut between key values).
 */
export async function splitRanges(ctx: ParseContext, file: SourceFile, split: { table: string; key?: string }, opts: SplitOptions): Promise<{ ranges: RowRange[]; share: unknown } | undefined> {
  const db = await ctx.sqlite(file);
  if (db.share === undefined) return undefined;
  const table = sqlIdentifier(split.table);
  try {
    const [stat] = db.rows<{ lo: number | null; hi: number | null; n: number }>(`SELECT min(ROWID) AS lo, max(ROWID) AS hi, count(*) AS n FROM ${table}`);
    if (!stat || stat.n < opts.minRows || stat.lo === null || stat.hi === null) return undefined;
    const bounds: number[] = [];
    if (split.key === undefined && stat.hi - stat.lo < 2 * stat.n) {
      const step = Math.ceil((stat.hi - stat.lo + 1) / Math.ceil(stat.n / opts.chunkRows));
      for (let at = stat.lo + step; at <= stat.hi; at += step) bounds.push(at);
    } else {
      const key = split.key === undefined ? "ROWID" : sqlIdentifier(split.key);
      // Without an index on another key (Safari has none on visit_time) every range scans the table: larger ranges.
      const per = split.key === undefined ? opts.chunkRows : opts.keyChunkRows;
      const sql = `SELECT k FROM (SELECT ${key} AS k, row_number() OVER (ORDER BY ${key}) AS i FROM ${table} WHERE ${key} IS NOT NULL) WHERE i % ? = 0 AND i < ?`;
      for (const { k } of db.rows<{ k: unknown }>(sql, [per, stat.n])) {
        if (typeof k !== "number") return undefined; // a text or blob key: not split
        if (k !== bounds[bounds.length - 1]) bounds.push(k);
      }
    }
    return { ranges: rangesBetween(bounds), share: db.share };
  } catch {
    return undefined; // no such table or column: the module's own parse says what it finds
  }
}

/** Consecutive ranges cut at the bounds: the first open below, the last open above. */
function rangesBetween(bounds: readonly number[]): RowRange[] {
  const edges = [-Infinity, ...bounds, Infinity];
  return edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1]!, first: i === 0, last: i === edges.length - 2 }));
}

export interface SplitTarget {
  readonly info: ModuleInfo;
  readonly def: AnyArtifact;
  readonly stats: ModuleStats;
  readonly sink: ScanSink;
  readonly checks: readonly CrossCheck[];
  emitAlert(a: Alert): void;
  warn(message: string): void;
  readonly problems: ProblemCounter;
  progress(): void;
  /** Parses a range on this thread, straight into the outputs: what a failed job falls back on (nothing is lost). */
  local(rows: RowRange): Promise<void>;
}

/** Jobs run on the pool, and those redone on the main thread. */
export interface SplitStats {
  jobs: number;
  redone_on_main_thread: number;
}

/**
 * Runs every range through the pool, a few at a time, and applies the results in order. The first `lead` ranges (at
 * most a quarter) are rendered on this thread while the pool works on the next ones.
 */
export async function runSplit(
  pool: ChunkPool,
  job: Omit<ChunkJob, "rows">,
  ranges: readonly RowRange[],
  to: SplitTarget,
  stats: SplitStats,
  opts: SplitOptions,
  lead = 0,
): Promise<void> {
  const pending: (Promise<ChunkResult> | undefined)[] = [];
  const local = Math.min(lead, ranges.length >> 2);
  let next = local;
  const submit = () => {
    const rows = ranges[next]!;
    const p = pool.run({ ...job, rows });
    p.catch(() => {}); // awaited in order below; not an unhandled rejection meanwhile
    pending[next++] = p;
  };
  const inFlight = Math.max(opts.inFlight, 2 * pool.threads);
  while (next < ranges.length && next < local + inFlight) submit();
  for (let i = 0; i < local; i++) await to.local(ranges[i]!);
  for (let i = local; i < ranges.length; i++) {
    let result: ChunkResult | undefined;
    stats.jobs++;
    try {
      result = await pending[i]!;
    } catch {
      result = undefined;
    } finally {
      pending[i] = undefined;
      if (next < ranges.length) submit();
    }
    if (result) {
      await apply(result, to);
      pool.recycle?.(result);
    }
    else {
      stats.redone_on_main_thread++;
      await to.local(ranges[i]!);
    }
  }
}

async function apply(r: ChunkResult, to: SplitTarget): Promise<void> {
  const { info, def, stats, sink } = to;
  stats.records += r.records;
  stats.timeline += r.timeline;
  if (r.records) sink.recordsRendered?.(info, r.rendered, r.records);
  for (const [i, note] of r.notes) to.checks[i]?.take?.(def, note);
  if (r.timeline) await sink.timelineRun?.(info, r.timelineRun);
  for (const a of JSON.parse(r.alerts, reviveExact) as Alert[]) to.emitAlert(a);
  if (r.urls) sink.urlsRendered?.(r.urlsRendered, r.urls);
  for (const w of r.warnings) to.warn(w);
  for (const [problem, count, first] of r.problems) to.problems.add(problem, count, first);
  to.progress();
}
