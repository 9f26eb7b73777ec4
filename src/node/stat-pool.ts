/**
 * Threads that stat the files of a folder walk. A dump's walk is one `lstat` per entry (10^5–10^6), and the kernel's
 * path lookup is most of its time (measured: 2.9 s of a 3.7 s walk of 500,000 files): it runs as well on two cores
 * as on one (500,000 lstat: 1.9 s on one thread, 1.0–1.2 s split over two), so a folder's files are split over the
 * pool's threads while the main thread goes on. Small folders are stat'ed here (a message costs more).
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { statBatch } from "./file-stats.ts";
import { startWorker } from "./worker-file.ts";

/** Below this many files a folder is stat'ed on the calling thread. */
export const STAT_BATCH_MIN = 256;
// A thread's heap: a batch of paths and its answer (a folder's files).
const HEAP_MB = 32;

interface StatThread {
  readonly worker: Worker;
  pending: number;
}

let threads: StatThread[] | undefined | null;
let nextId = 0;
const waiting = new Map<number, { resolve(out: Float64Array): void; reject(err: Error): void }>();

/** The pool, started at the first large folder; null once a thread failed (the walk then stats on its own thread). */
function pool(): StatThread[] | null {
  if (threads !== undefined) return threads;
  // As many as the scan's worker threads: SPYGLASS_WORKERS (0: none, all on the walk's thread), else one per core.
  const asked = Number.parseInt(process.env.SPYGLASS_WORKERS ?? "", 10);
  const n = Math.min(Number.isInteger(asked) && asked >= 0 ? asked : availableParallelism(), 4);
  if (n < 1) return (threads = null);
  try {
    threads = Array.from({ length: n }, () => {
      const t: StatThread = { worker: startWorker("stat-worker", undefined, HEAP_MB), pending: 0 };
      // Idle threads keep no process alive; a thread with a batch does (its answer is awaited).
      t.worker.unref();
      t.worker.on("message", ({ id, out }: { id: number; out: Float64Array }) => {
        if (--t.pending === 0) t.worker.unref();
        waiting.get(id)?.resolve(out);
        waiting.delete(id);
      });
      const fail = (err: Error) => {
        threads = null;
        for (const w of waiting.values()) w.reject(err);
        waiting.clear();
      };
      t.worker.on("error", fail);
      t.worker.on("exit", () => fail(new Error("stat thread stopped")));
      return t;
    });
  } catch {
    threads = null;
  }
  return threads;
}

function ask(t: StatThread, base: string, names: readonly string[], follow: number[]): Promise<Float64Array> {
  const id = nextId++;
  if (t.pending++ === 0) t.worker.ref();
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    t.worker.postMessage({ id, base, names, follow });
  });
}

/** [size, mtime in seconds] of each path (see statBatch), split over the pool's threads when there are many. */
export async function statFiles(base: string, names: readonly string[], follow: readonly number[]): Promise<Float64Array> {
  const p = names.length >= STAT_BATCH_MIN ? pool() : null;
  if (!p) return statBatch(base, names, follow);
  const per = Math.ceil(names.length / p.length);
  try {
    const parts = await Promise.all(
      p.map((t, k) => {
        const from = k * per;
        const mine = follow.filter((i) => i >= from && i < from + per).map((i) => i - from);
        return ask(t, base, names.slice(from, from + per), mine);
      }),
    );
    const out = new Float64Array(names.length * 2);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  } catch {
    return statBatch(base, names, follow); // a thread failed: this batch, and the walk from now on, here
  }
}
