/**
 * timeline.csv: every module's events sorted by timestamp text (null first, as MVT), then module run order,
 * event and description (as timeline.csv writes them), so equal timestamps come out the same in every run.
 * Identical events of one module are written once. Large timelines are sorted in runs spilled to scratch space and
 * merged: memory stays bounded.
 *
 * A row travels as one string, its sort key before its CSV text (`timelineLine`): sorting and merging compare whole
 * strings, and writing slices the CSV out; no row is parsed or re-rendered after it was made.
 */
import type { OutputWriter, Scratch, SpilledRun } from "../core/host.ts";
import type { RenderedRun } from "../core/sink.ts";
import { csvField, csvRow } from "./csv.ts";
import type { HistogramBuilder, HistogramState } from "./report-data.ts";

// Rows sorted in memory before a run is spilled: bounds the timeline's share of memory (~8 MB a run; measured: 25,000
// rather than 100,000 keeps them out of the old generation, 8% faster on 300,000 Safari visits).
const RUN_SIZE = 25_000;
// …or these many characters, whichever comes first: long descriptions (a 100 KB message) must not pile up either.
const RUN_CHARS = 32 << 20;

// A line is "timestamp \t order \t plugin \t CSV text"; runs are lines joined by "\n". Those two characters and
// the escape itself are coded inside fields ("\x01" + letter), which keeps them out of the structure.
const ESC = "\x01";
const NEEDS_CODE = /[\x01\t\n]/;
const CODES: Record<string, string> = { "\x01": "\x01a", "\t": "\x01b", "\n": "\x01c" };
const CHARS: Record<string, string> = { a: "\x01", b: "\t", c: "\n" };
/** A field coded so that it holds no tab or line break (and sorts as before unless it held one). */
export const code = (s: string) => (NEEDS_CODE.test(s) ? s.replace(/[\x01\t\n]/g, (c) => CODES[c]!) : s);
export const uncode = (s: string) => s.replace(/\x01([abc])/g, (_, c: string) => CHARS[c]!);
// Module run orders as fixed-width digits: compared as text they sort as numbers.
const ORDER_DIGITS = 4;

// The middle of a row ("plugin","event") and the order key repeat for every row of a module: made once per change
// (a dump's Filesystem module makes 10^6 rows of one plugin and event).
let lastMiddle = { plugin: "", event: "", csv: '"",""' };
let lastKey = { order: 0, key: "0".repeat(ORDER_DIGITS) };

/** A timeline row as runs hold it: sorting these strings sorts the rows. */
export function timelineLine(timestamp: string, order: number, event: string, data: string, plugin: string): string {
  if (plugin !== lastMiddle.plugin || event !== lastMiddle.event) lastMiddle = { plugin, event, csv: csvField(plugin) + "," + csvField(event) };
  if (order !== lastKey.order) lastKey = { order, key: String(order).padStart(ORDER_DIGITS, "0") };
  const csv = csvField(timestamp) + "," + lastMiddle.csv + "," + csvField(data);
  const key = lastKey.key;
  // The CSV text holds the timestamp and plugin too: one test says whether any field needs coding. join() makes
  // one flat string, where "+" would keep a tree of every piece alive until the run is sorted: measured, a third
  // of a worker's young-generation collection time (10^6 messages).
  return (NEEDS_CODE.test(csv) ? [code(timestamp), key, code(plugin), code(csv)] : [timestamp, key, plugin, csv]).join("\t");
}

/** Writes timeline lines as timeline.csv rows, counting each in `counts`. */
export function lineWriter(out: OutputWriter, counts?: HistogramBuilder): (line: string) => void {
  return (line) => {
    if (line.includes(ESC)) {
      const [ts, , plugin, csv] = line.split("\t").map(uncode) as [string, string, string, string];
      out.write(csv + "\r\n");
      counts?.add(ts, plugin);
      return;
    }
    const ts = line.indexOf("\t");
    const csv = line.indexOf("\t", ts + ORDER_DIGITS + 2);
    out.write(line.slice(csv + 1) + "\r\n");
    counts?.add(line.slice(0, ts), line.slice(ts + ORDER_DIGITS + 2, csv));
  };
}

/** Lines sorted into a run in the scratch format, with its samples: what a worker thread sends for its range. */
export function sortRun(lines: string[]): RenderedRun & { text: string } {
  lines.sort();
  return { text: lines.join("\n"), rows: lines.length, samples: sampleRun(lines) };
}

// Rows a run stands for in the samples that choose where a merge splits.
const SAMPLE_EVERY = 1024;

/** One sort key per SAMPLE_EVERY lines of a sorted run, at the middle of each block: its coded timestamp. */
function sampleRun(sorted: readonly string[]): string[] {
  const samples: string[] = [];
  const m = Math.max(1, Math.round(sorted.length / SAMPLE_EVERY));
  for (let j = 0; j < m && sorted.length; j++) {
    const line = sorted[Math.floor(((j + 0.5) * sorted.length) / m)]!;
    // A copy: a slice would keep the whole line alive (V8 slices point into their parent string).
    samples.push(JSON.parse(JSON.stringify(line.slice(0, line.indexOf("\t")))) as string);
  }
  return samples;
}

// Memory for reading runs back during the merge, shared by all runs (a batch each); halved when split in two.
const MERGE_BUFFER = 64 << 20;
// A batch is at most this: a merge reads every run at once, so 1 MiB batches made its memory grow with the rows
// (20 runs at 500,000 rows: 20 MiB on each of two threads, and as much again as strings). 64 KiB (~600 rows) keeps it
// at ~1 MiB per 20 runs; a read costs ~20 µs, so the 50 MB of a 500,000-row timeline is ~800 reads.
const MAX_BATCH = 64 << 10;

/** Bytes a batch when `runs` runs are read back with 1/`share` of the merge memory. */
export const mergeBatchBytes = (runs: number, share = 1): number =>
  Math.max(16 << 10, Math.min(MAX_BATCH, Math.floor(MERGE_BUFFER / share / Math.max(1, runs))));

/** A sorted source of lines, read a batch at a time (one await per batch, not per line). */
export interface Source {
  head: string | undefined;
  advance(): Promise<void> | void;
}

export function arraySource(lines: string[]): Source {
  let i = 0;
  return {
    head: lines[0],
    advance() {
      this.head = lines[++i];
    },
  };
}

/**
 * A run read back in batches of lines. With `from`, lines before it are skipped; with `below`, the run ends at the
 * first line at or after it: the two halves of a merge split at a (coded) timestamp, compared with whole lines.
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
          if (line === "" || (range.from !== undefined && line < range.from)) continue;
          if (range.below !== undefined && line >= range.below) break;
          src.head = line;
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

/** Merges sorted sources (a binary heap on their heads), each distinct line once; returns the lines emitted. */
export async function mergeSources(sources: Source[], emit: (line: string) => void): Promise<number> {
  for (const s of sources) if (s.head === undefined) await s.advance();
  const heap = sources.filter((s) => s.head !== undefined);
  const less = (i: number, j: number) => heap[i]!.head! < heap[j]!.head!;
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
  let last: string | undefined;
  while (heap.length) {
    const top = heap[0]!;
    const line = top.head!;
    const p = top.advance();
    if (p) await p;
    if (top.head === undefined) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    if (heap.length) down(0);
    if (line === last) continue;
    last = line;
    emit(line);
    written++;
  }
  return written;
}

/** Rows from a timestamp on, merged on another thread of the host: their CSV text and counts. */
export interface TimelineTail {
  readonly rows: number;
  readonly counts: HistogramState;
  /** The CSV text, in pieces, to write after the first half. */
  chunks(): AsyncIterable<Uint8Array>;
  /** As Scratch.dispose. */
  dispose(): Promise<void>;
}

/** Starts merging the rows timestamped at or after `from` of these runs (their `location`s) on another thread. */
export type TailMerger = (runs: readonly unknown[], from: string) => Promise<TimelineTail>;

export class TimelineSorter {
  private rows: string[] = [];
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
    const line = timelineLine(timestamp, order, event, data, plugin);
    this.rows.push(line);
    this.count++;
    this.chars += line.length;
    return this.rows.length >= (this.opts.runSize ?? RUN_SIZE) || this.chars >= RUN_CHARS ? this.spill() : undefined;
  }

  private async spill(): Promise<void> {
    const run = sortRun(this.rows);
    this.rows = [];
    this.chars = 0;
    await this.store(run);
  }

  /** A run sorted elsewhere (`sortRun`): spilled as it is. */
  async addRun(run: RenderedRun): Promise<void> {
    this.count += run.rows;
    await this.store(run);
  }

  private async store(run: RenderedRun): Promise<void> {
    this.samples.push(...run.samples);
    this.scratchSpace ??= await this.scratch();
    this.runs.push(await this.scratchSpace.spill(run.text));
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
    const emit = lineWriter(out, counts);
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
      this.rows.sort();
      written = await mergeSources([arraySource(this.rows), ...read({})], emit);
    }
    await this.scratchSpace?.dispose();
    return written;
  }
}
