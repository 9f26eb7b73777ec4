/**
 * timeline.csv: every module's events sorted by timestamp text (null first, as MVT), then module run order,
 * event and description, so equal timestamps come out the same in every run. Identical events of one module are
 * written once. Large timelines are sorted in runs spilled to scratch space and merged: memory stays bounded.
 */
import type { OutputWriter, Scratch } from "../core/host.ts";
import { csvRow } from "./csv.ts";

/** [timestamp, module order, event, data, plugin name] */
type Row = [string, number, string, string, string];

// Rows sorted in memory before a run is spilled: bounds the timeline's share of memory (~30 MB a run).
const RUN_SIZE = 100_000;

function compare(a: Row, b: Row): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] - b[1];
  if (a[2] !== b[2]) return a[2] < b[2] ? -1 : 1;
  if (a[3] !== b[3]) return a[3] < b[3] ? -1 : 1;
  return 0;
}

export class TimelineSorter {
  private rows: Row[] = [];
  private runs: (() => AsyncIterable<string>)[] = [];
  count = 0;

  constructor(private readonly scratch: () => Promise<Scratch>) {}
  private scratchSpace: Scratch | undefined;

  /** Returns a promise only when a run is spilled, so the common path costs no await. */
  add(timestamp: string, order: number, event: string, data: string, plugin: string): Promise<void> | undefined {
    this.rows.push([timestamp, order, event, data, plugin]);
    this.count++;
    return this.rows.length >= RUN_SIZE ? this.spill() : undefined;
  }

  private async spill(): Promise<void> {
    this.rows.sort(compare);
    this.scratchSpace ??= await this.scratch();
    this.runs.push(await this.scratchSpace.spill(this.rows.map((r) => JSON.stringify(r))));
    this.rows = [];
  }

  /** Writes the header and the merged, de-duplicated rows; returns the number of rows written. */
  async writeTo(out: OutputWriter, header: readonly string[], onRow?: (plugin: string) => void): Promise<number> {
    this.rows.sort(compare);
    const sources: AsyncIterator<Row>[] = this.runs.map((read) => parsed(read())[Symbol.asyncIterator]());
    sources.push(fromArray(this.rows));
    const heads: (Row | undefined)[] = await Promise.all(sources.map(async (s) => (await s.next()).value as Row | undefined));
    out.write(csvRow(header));
    let written = 0;
    let last: Row | undefined;
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h && (best < 0 || compare(h, heads[best]!) < 0)) best = i;
      }
      if (best < 0) break;
      const row = heads[best]!;
      heads[best] = (await sources[best]!.next()).value as Row | undefined;
      if (last && compare(last, row) === 0) continue;
      last = row;
      out.write(csvRow([row[0], row[4], row[2], row[3]]));
      onRow?.(row[4]);
      written++;
    }
    await this.scratchSpace?.dispose();
    return written;
  }
}

async function* parsed(lines: AsyncIterable<string>): AsyncIterable<Row> {
  for await (const line of lines) if (line) yield JSON.parse(line) as Row;
}

function fromArray(rows: Row[]): AsyncIterator<Row> {
  let i = 0;
  return { next: async () => (i < rows.length ? { value: rows[i++]!, done: false } : { value: undefined, done: true }) };
}
