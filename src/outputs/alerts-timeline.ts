/**
 * alerts_timeline.csv: the alerts that have an event time, sorted by it (as text), ties in run order, as MVT writes
 * it. Rows are sorted in runs spilled to scratch space and merged, so memory stays bounded however many alerts a
 * run raises (10^6 alerts hold ~1 GB of rows).
 */
import type { Alert } from "../core/events.ts";
import type { OutputWriter, Scratch, SpilledRun } from "../core/host.ts";
import { csvRow } from "./csv.ts";
import { pyRepr } from "./pyrepr.ts";
import { arraySource, code, mergeBatchBytes, mergeSources, runSource, uncode } from "./timeline.ts";

export const ALERTS_TIMELINE_HEADER = ["Event Time", "Module", "Message", "Event"] as const;

// As timeline.ts: rows, or characters, sorted in memory before a run is spilled.
const RUN_SIZE = 25_000;
const RUN_CHARS = 32 << 20;
// A line is "time as hex \t run order \t CSV row", the order in fixed-width digits: sorting the lines sorts the rows.
const ORDER_DIGITS = 12;

/**
 * The time's UTF-16 code units as 4 hex digits each: compared as text these sort as the time does, even when it holds
 * a tab, a line break or a control character (hostile evidence), which a separator or an escape would reorder.
 */
function sortableTime(time: string): string {
  let out = "";
  for (let i = 0; i < time.length; i++) out += (0x10000 + time.charCodeAt(i)).toString(16).slice(1);
  return out;
}

export class AlertsTimelineSorter {
  private rows: string[] = [];
  private chars = 0;
  private readonly runs: SpilledRun[] = [];
  private scratchSpace: Promise<Scratch> | undefined;
  /** Spills in flight, in order: `alert` is synchronous, and the host's spill completes at once (a sync write). */
  private spilling: Promise<void> = Promise.resolve();
  private order = 0;
  private failed: unknown;

  constructor(
    private readonly scratch: () => Promise<Scratch>,
    private readonly runSize = RUN_SIZE,
  ) {}

  /** The next alert in run order; one without an event time is not in the file. */
  add(a: Alert): void {
    const order = this.order++;
    if (!a.event_time) return;
    const line = sortableTime(a.event_time) + "\t" + String(order).padStart(ORDER_DIGITS, "0") + "\t" + code(csvRow([a.event_time, a.module, a.message, pyRepr(a.event)]));
    this.rows.push(line);
    this.chars += line.length;
    if (this.rows.length >= this.runSize || this.chars >= RUN_CHARS) this.spill();
  }

  private spill(): void {
    const text = this.rows.sort().join("\n");
    this.rows = [];
    this.chars = 0;
    this.scratchSpace ??= this.scratch();
    const space = this.scratchSpace;
    this.spilling = this.spilling.then(async () => {
      try {
        this.runs.push(await (await space).spill(text));
      } catch (err) {
        this.failed ??= err;
      }
    });
  }

  /** Writes the header and the rows in order. */
  async writeTo(out: OutputWriter): Promise<void> {
    await this.spilling;
    try {
      if (this.failed) throw this.failed;
      out.write(csvRow(ALERTS_TIMELINE_HEADER));
      this.rows.sort();
      const batch = mergeBatchBytes(this.runs.length);
      const sources = [arraySource(this.rows), ...this.runs.map((run) => runSource(run(batch)[Symbol.asyncIterator]()))];
      // Every line is distinct (its run order), so the merge drops none.
      await mergeSources(sources, (line) => out.write(uncode(line.slice(line.indexOf("\t", line.indexOf("\t") + 1) + 1))));
    } finally {
      if (this.scratchSpace) await (await this.scratchSpace).dispose();
    }
  }
}
