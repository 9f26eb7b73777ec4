/**
 * Runs in a Chromium worker for test/web-timeline-tail.test.ts: one timeline sorted and written with and without the
 * browser host's tail (the later half merged on a nested worker), with spilled runs in OPFS and in Blobs.
 */
/// <reference lib="webworker" />
import { browserHost } from "../../src/browser/host.ts";
import { newRunFolder, opfsRoot } from "../../src/browser/opfs-output.ts";
import { browserTimelineTail } from "../../src/browser/timeline-tail.ts";
import { HistogramBuilder } from "../../src/outputs/report-data.ts";
import { TimelineSorter } from "../../src/outputs/timeline.ts";

const scope = globalThis as unknown as { postMessage(m: unknown): void; onmessage: ((e: MessageEvent<{ rows: number }>) => void) | null; Worker: typeof Worker };

// Nested workers started, counted: the tail must really run on one.
let started = 0;
const Base = scope.Worker;
scope.Worker = class extends Base {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    started++;
  }
};

/** Rows in no order, with equal timestamps, repeated events (written once) and fields that need quoting. */
function* events(n: number): Generator<[string, number, string, string, string]> {
  let seed = 7;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const t = seed % 5000;
    const ts = `2021-01-${String(1 + (t % 28)).padStart(2, "0")} ${String(t % 24).padStart(2, "0")}:00:${String(t % 60).padStart(2, "0")}.000000`;
    yield [ts, 1 + (i % 3), i % 5 ? "sms_received" : "sms_read", i % 11 ? `message ${i % 4000}, "quoted"` : "line\nbreak\ttab", `Plugin${i % 3}`];
  }
}

scope.onmessage = async (e) => {
  const root = await opfsRoot();
  const out: Record<string, { rows: number; text: string; counts: unknown; workers: number }> = {};
  for (const where of ["opfs", "blob"] as const) {
    for (const tail of [false, true]) {
      const dir = where === "opfs" && root ? await newRunFolder(root) : undefined;
      const host = browserHost(undefined, dir);
      const sorter = new TimelineSorter(host.scratch, { runSize: 1000, tail: tail ? browserTimelineTail(dir) : undefined, tailMinRows: 100 });
      for (const [ts, order, event, data, plugin] of events(e.data.rows)) await sorter.add(ts, order, event, data, plugin);
      const decoder = new TextDecoder();
      let text = "";
      const counts = new HistogramBuilder();
      const before = started;
      const rows = await sorter.writeTo({ write: (d) => void (text += typeof d === "string" ? d : decoder.decode(d)), close: async () => {} }, ["timestamp", "module", "event", "data"], counts);
      out[`${where}${tail ? " with tail" : ""}`] = { rows, text, counts: counts.state(), workers: started - before };
    }
  }
  scope.postMessage(out);
};
