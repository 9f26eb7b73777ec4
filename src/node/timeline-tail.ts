/**
 * The Node host's half of a large timeline merge: a worker thread merges the rows from the pivot timestamp on into
 * a temp file while the main thread writes the earlier rows; the file is then appended (see TimelineSorter).
 */
import { createReadStream, rmSync } from "node:fs";
import { join } from "node:path";
import { mergeBatchBytes, type TailMerger, type TimelineTail } from "../outputs/timeline.ts";
import type { HistogramState } from "../outputs/report-data.ts";
import { removeInBackground, type RunLocation } from "./host.ts";
import { startWorker } from "./worker-file.ts";
import { runTempSubdir } from "./run-temp.ts";


export const nodeTimelineTail: TailMerger = (runs, from) => {
  const dir = runTempSubdir("timeline-");
  const file = "later.csv";
  // Half the read-back memory, as the main thread's half has (see TimelineSorter.writeTo).
  const batchBytes = mergeBatchBytes(runs.length, 2);
  const worker = startWorker("timeline-worker", { runs: runs as RunLocation[], from, dir, file, batchBytes }, 128);
  return new Promise<TimelineTail>((resolve, reject) => {
    const fail = (err: Error) => {
      rmSync(dir, { recursive: true, force: true });
      reject(err);
    };
    worker.once("error", fail);
    worker.once("exit", (code) => code !== 0 && fail(new Error(`timeline worker stopped (${code})`)));
    worker.once("message", (m: { rows: number; counts: HistogramState }) =>
      resolve({
        rows: m.rows,
        counts: m.counts,
        chunks: () => createReadStream(join(dir, file), { highWaterMark: 1 << 20 }),
        dispose: async () => removeInBackground(dir),
      }),
    );
  });
};
