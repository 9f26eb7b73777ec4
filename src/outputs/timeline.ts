/**
 * timeline.csv: every module's events sorted by timestamp text (null first, as MVT), then module run order,
 * event and description, so equal timestamps come out the same in every run. Identical events of one module are
 * written once. Large timelines are sorted in runs spilled to scratch space and merged: memory stays bounded.
 */
import type { OutputWriter, Scratch, SpilledRun } from "../core/host.ts";
import { csvRow } from "./csv.ts";
import type { HistogramBuilder, HistogramState } from "./report-data.ts";

/** [timestamp, module order, event, data, plugin name] */
export type TimelineRow = [string, number, string, string, string];
type Row = TimelineRow;

// Rows sorted in memory before a run is spilled: bounds the timeline's share of memory (~8 MB a run; measured: 25,000
// rather than 100,000 keeps them out of the old generation, 8% faster on 300,000 Safari visits).
const RUN_SIZE = 25_000;
// …or these many characters, whichever comes first: long descriptions (a 100 KB message) must not pile up either.
const RUN_CHARS = 32 << 20;

function compare(a: Row, b: Row): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] - b[1];
  if (a[2] !== b[2]) return a[2] < b[2] ? -1 : 1;
  if (a[3] !== b[3]) return a[3] < b[3] ? -1 : 1;
  return 0;
}

/** Rows sorted, as a run in the scratch format (one JSON row a line): what a worker thread sends for its range. */
export function sortedRun(rows: Row[]): string {
  return rows.sort(compare).map((r) => JSON.stringify(r)).join("\n");
}

// Memory for reading runs back during the merge, shared by all runs (a batch each); halved when split in two.
const MERGE_BUFFER = 64 << 20;

/** Bytes a batch when `runs` runs are read back with 1/`share` of the merge memory. */
export const mergeBatchBytes = (runs: number, share = 1): number =>
  Math.max(16 << 10, Math.min(1 << 20, Math.floor(MERGE_BUFFER / share / Math.max(1, runs))));

/** A sorted source of rows, read a batch at a time (one await per batch, not per row). */
export interface Source {
  head: Row | undefined;
  advance(): Promise<void> | void;
}

function arraySource(rows: Row[]): Source {
  let i = 0;
  return {
    head: rows[0],
    advance() {
      this.head = rows[++i];
    },
  };
}

/** The timestamp of a run's line without parsing it (timestamps hold no quote or backslash; else it parses). */
function lineTimestamp(line: string): string {
  const ts = line.slice(2, line.indexOf('"', 2));
  return ts.includes("\\") ? (JSON.parse(line) as Row)[0] : ts;
}

/**
 * A run read back in batches of lines; a line is parsed only when it becomes the head (few rows alive at once).
 * With `from`, lines timestamped before it are skipped unparsed; with `below`, the run ends at the first line
 * timestamped at or after it: the two halves of a merge split at a timestamp.
 */
export function runSource(batches: AsyncIterator<string[]>, range: { from?: string; below?: string } = {}): Source {
  let lines: string[] = [];
  let i = 0;
  let ended = false;
  const src: Source = {
    head: undefined,
    async advance() {
      while (!ended) {
        while (++i < lines.length) {
          const line = lines[i]!;
          if (line === "") continue;
          if (range.from !== undefined && lineTimestamp(line) < range.from) continue;
          const row = JSON.parse(line) as Row;
          if (range.below !== undefined && row[0] >= range.below) break;
          src.head = row;
          return;
        }
        if (i < lines.length) break; // stopped at `below`
        const next = await batches.next();
        if (next.done) break;
        lines = next.value;
        i = -1;
      }
      ended = true;
      src.head = undefined;
    },
  };
  return src;
}

/** Merges sorted sources (a binary heap on their heads), each distinct row once; returns the rows emitted. */
export async function mergeSources(sources: Source[], emit: (row: Row) => void): Promise<number> {
  for (const s of sources) if (s.head === undefined) await s.advance();
  const heap = sources.filter((s) => s.head);
  const less = (i: number, j: number) => compare(heap[i]!.head!, heap[j]!.head!) < 0;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(l, m)) m = l;
      if (r < heap.length && less(r, m)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  let written = 0;
  let last: Row | undefined;
  while (heap.length) {
    const top = heap[0]!;
    const row = top.head!;
    const p = top.advance();
    if (p) await p;
    if (!top.head) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    if (heap.length) down(0);
    if (last && compare(last, row) === 0) continue;
    last = row;
    emit(row);
    written++;
  }
  return written;
}

/** A timeline row as timeline.csv writes it. */
export const csvLine = (row: Row) => csvRow([row[0], row[4], row[2], row[3]]);

/** Rows from a timestamp on, merged on another thread of the host: their CSV text and counts. */
export interface TimelineTail {
  readonly rows: number;
  readonly counts: HistogramState;
  /** The CSV text, in pieces, to write after the first half. */
  chunks(): AsyncIterable<Uint8Array>;
  dispose(): Promise<void>;
}

/** Starts merging the rows timestamped at or after `from` of these runs (their `location`s) on another thread. */
export type TailMerger = (runs: readonly unknown[], from: string) => Promise<TimelineTail>;

// Rows a run stands for in the samples that choose where a merge splits.
const SAMPLE_EVERY = 1024;

export class TimelineSorter {
  private rows: Row[] = [];
  private chars = 0;
  private runs: SpilledRun[] = [];
  /** One timestamp per SAMPLE_EVERY rows of each run: where a two-half merge splits. */
  private samples: string[] = [];
  count = 0;

  /** `tail`: merge the later half of a timeline of at least `tailMinRows` rows on another thread. */
  constructor(
    private readonly scratch: () => Promise<Scratch>,
    private readonly opts: { runSize?: number; tail?: TailMerger; tailMinRows?: number } = {},
  ) {}
  private scratchSpace: Scratch | undefined;

  /** Returns a promise only when a run is spilled, so the common path costs no await. */
  add(timestamp: string, order: number, event: string, data: string, plugin: string): Promise<void> | undefined {
    this.rows.push([timestamp, order, event, data, plugin]);
    this.count++;
    this.chars += timestamp.length + event.length + data.length + plugin.length;
    return this.rows.length >= (this.opts.runSize ?? RUN_SIZE) || this.chars >= RUN_CHARS ? this.spill() : undefined;
  }

  private async spill(): Promise<void> {
    const run = sortedRun(this.rows);
    this.rows = [];
    this.chars = 0;
    await this.addRun(run, 0);
  }

  /** A run sorted elsewhere (`sortedRun`) holding `count` rows: spilled as it is. */
  async addRun(run: string, count: number): Promise<void> {
    this.count += count;
    // One sample per SAMPLE_EVERY rows, at the middle of each block (a run's first row is its smallest).
    const starts: number[] = [];
    for (let at = 0; at < run.length; ) {
      starts.push(at);
      const end = run.indexOf("\n", at);
      at = end < 0 ? run.length : end + 1;
    }
    const m = Math.max(1, Math.round(starts.length / SAMPLE_EVERY));
    for (let j = 0; j < m && starts.length; j++) {
      const at = starts[Math.floor(((j + 0.5) * starts.length) / m)]!;
      const end = run.indexOf("\n", at);
      // A copy: a slice would keep the whole run's text alive (V8 slices point into their parent string).
      this.samples.push(JSON.parse(JSON.stringify(lineTimestamp(run.slice(at, end < 0 ? undefined : end)))) as string);
    }
    this.scratchSpace ??= await this.scratch();
    this.runs.push(await this.scratchSpace.spill(run));
  }

  /** Writes the header and the merged, de-duplicated rows, counting them in `counts`; returns the rows written. */
  async writeTo(out: OutputWriter, header: readonly string[], counts?: HistogramBuilder): Promise<number> {
    out.write(csvRow(header));
    const { tail, tailMinRows = 200_000 } = this.opts;
    const canSplit = tail && this.count >= tailMinRows && this.runs.every((r) => r.location !== undefined);
    if (canSplit && this.rows.length) await this.spill();
    const pivot = canSplit ? [...this.samples].sort()[this.samples.length >> 1] : undefined;
    // The later half on another thread while this one writes the earlier half.
    const later = pivot !== undefined ? tail!(this.runs.map((r) => r.location), pivot).catch(() => undefined) : undefined;
    const emit = (row: Row) => {
      out.write(csvLine(row));
      counts?.add(row[0], row[4]);
    };
    // Split in two, each half gets half the read-back memory.
    const batch = mergeBatchBytes(this.runs.length, later ? 2 : 1);
    const read = (range: { from?: string; below?: string }) => this.runs.map((run) => runSource(run(batch)[Symbol.asyncIterator](), range));
    let written: number;
    if (later) {
      // This thread merges the rows before the pivot meanwhile; then the other half follows, or, had the other
      // thread failed, is merged here.
      written = await mergeSources(read({ below: pivot }), emit);
      const done = await later;
      if (done) {
        for await (const piece of done.chunks()) out.write(piece);
        counts?.merge(done.counts);
        written += done.rows;
        await done.dispose();
      } else written += await mergeSources(read({ from: pivot }), emit);
    } else {
      this.rows.sort(compare);
      written = await mergeSources([arraySource(this.rows), ...read({})], emit);
    }
    await this.scratchSpace?.dispose();
    return written;
  }
}
