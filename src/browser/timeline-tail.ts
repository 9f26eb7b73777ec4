/**
 * The browser host's half of a large timeline merge, as the CLI's (src/node/timeline-tail.ts): a nested worker
 * (timeline-worker.ts) merges the rows from the pivot timestamp on while the analysis worker writes the earlier rows;
 * its file is then appended (see TimelineSorter). Undefined where a worker cannot start workers.
 */
import { mergeBatchBytes, type TailMerger, type TimelineTail } from "../outputs/timeline.ts";
import type { HistogramState } from "../outputs/report-data.ts";
import type { OpfsDir } from "./opfs-output.ts";
import type { RunLocation } from "./spilled-run.ts";
import type { TailJob } from "./timeline-worker.ts";

/** The later half is read back in slices of this size to be appended. */
const APPEND_SLICE = 1 << 20;
let tails = 0;

async function* blobChunks(file: Blob): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < file.size; at += APPEND_SLICE) yield new Uint8Array(await file.slice(at, at + APPEND_SLICE).arrayBuffer());
}

/** The later half's file in the run's folder, read through a synchronous handle (a Blob slice costs milliseconds). */
async function* opfsChunks(dir: OpfsDir, name: string): AsyncGenerator<Uint8Array> {
  const handle = await (await dir.getFileHandle(name)).createSyncAccessHandle();
  try {
    const size = handle.getSize();
    for (let at = 0; at < size; at += APPEND_SLICE) {
      const piece = new Uint8Array(Math.min(APPEND_SLICE, size - at));
      handle.read(piece, { at });
      yield piece;
    }
  } finally {
    handle.close();
  }
}

/** `dir`: the run's OPFS folder (the later half is written there), else the half comes back as a Blob. */
export function browserTimelineTail(dir: OpfsDir | undefined): TailMerger | undefined {
  if (typeof Worker === "undefined") return undefined;
  return (runs, from) =>
    new Promise<TimelineTail>((resolve, reject) => {
      const worker = new Worker(new URL("./timeline-worker.ts", import.meta.url), { type: "module", name: "spyglass-timeline" });
      const name = `timeline-later-${++tails}.csv`;
      worker.onmessage = (e: MessageEvent<{ rows: number; counts: HistogramState; file: Blob } | { error: string }>) => {
        worker.terminate();
        const m = e.data;
        if ("error" in m) return reject(new Error(m.error));
        resolve({
          rows: m.rows,
          counts: m.counts,
          chunks: dir ? () => opfsChunks(dir, name) : () => blobChunks(m.file),
          dispose: async () => void (await dir?.removeEntry(name).catch(() => undefined)),
        });
      };
      worker.onerror = (e) => {
        e.preventDefault();
        worker.terminate();
        reject(new Error(`timeline worker failed: ${e.message}`));
      };
      // Half the read-back memory, as the analysis worker's half has (see TimelineSorter.writeTo).
      const job: TailJob = { runs: runs as RunLocation[], from, batchBytes: mergeBatchBytes(runs.length, 2), dir, name };
      worker.postMessage(job);
    });
}
