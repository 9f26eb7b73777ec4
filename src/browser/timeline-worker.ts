/**
 * A nested worker that merges the later half of a large timeline (timeline-tail.ts) into a file of its own: in the
 * run's OPFS folder when there is one (on disk), else a Blob. The runs are the spilled runs' locations (OPFS files,
 * each read from near the pivot on, or Blobs).
 */
/// <reference lib="webworker" />
import { describeError } from "../core/errors.ts";
import { HistogramBuilder } from "../outputs/report-data.ts";
import { lineWriter, mergeSources, runSource } from "../outputs/timeline.ts";
import type { OpfsDir } from "./opfs-output.ts";
import { pieceWriter } from "./piece-writer.ts";
import { runLines, type RunLocation } from "./spilled-run.ts";

export interface TailJob {
  readonly runs: RunLocation[];
  readonly from: string;
  readonly batchBytes: number;
  /** The run's OPFS folder, and the name of the file to write there. */
  readonly dir?: OpfsDir | undefined;
  readonly name: string;
}

const scope = globalThis as unknown as { postMessage(m: unknown): void; onmessage: ((e: MessageEvent<TailJob>) => void) | null };

/** A file written in pieces: into `dir` through a synchronous handle, or into a Blob. */
async function tailFile(dir: OpfsDir | undefined, name: string): Promise<{ write(data: string | Uint8Array): void; close(): Promise<Blob> }> {
  if (!dir) {
    const parts: Uint8Array<ArrayBuffer>[] = [];
    const pieces = pieceWriter((p) => parts.push(p.slice()));
    return { write: pieces.write, close: async () => (pieces.flush(), new Blob(parts)) };
  }
  const handle = await dir.getFileHandle(name, { create: true });
  const sync = await handle.createSyncAccessHandle();
  let at = 0;
  const pieces = pieceWriter((p) => void (at += sync.write(p, { at })));
  return {
    write: pieces.write,
    async close() {
      pieces.flush();
      sync.close();
      return handle.getFile();
    },
  };
}

scope.onmessage = async (e) => {
  const job = e.data;
  try {
    const out = await tailFile(job.dir, job.name);
    const counts = new HistogramBuilder();
    const sources = job.runs.map((run) => runSource(runLines(run, job.batchBytes, job.from), { from: job.from }));
    const rows = await mergeSources(sources, lineWriter({ write: out.write, close: async () => {} }, counts));
    scope.postMessage({ rows, counts: counts.state(), file: await out.close() });
  } catch (err) {
    scope.postMessage({ error: describeError(err) });
  }
};
