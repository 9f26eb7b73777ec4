/**
 * Threads that list the folders of a dump's walk. A walk is one readdir per folder and one `lstat` per entry
 * (10^5–10^6), mostly the kernel's path lookup, which runs as well on two cores as on one; done here it also made
 * every name's string on the walk's thread (readdir + lstat + the names sent to stat threads: ~1.3 s of the main
 * thread at 500,000 files). Each folder is listed and stat'ed whole on one thread while the walk goes on; the walk's
 * thread only receives the names (~0.1 µs each).
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { FolderListing } from "./folder-listing.ts";
import { startWorker } from "./worker-file.ts";

// A thread's heap: one folder's names and their times.
const HEAP_MB = 32;

interface ListThread {
  readonly worker: Worker;
  pending: number;
}

type Answer = { out?: FolderListing; raw?: true; error?: string };

let threads: ListThread[] | undefined | null;
let nextId = 0;
const waiting = new Map<number, { resolve(a: Answer): void; reject(err: Error): void }>();

/** The pool, started at the first folder; null once a thread failed (the walk then lists on its own thread). */
function pool(): ListThread[] | null {
  if (threads !== undefined) return threads;
  // As many as the scan's worker threads: SPYGLASS_WORKERS (0: none, all on the walk's thread), else one per core.
  const asked = Number.parseInt(process.env.SPYGLASS_WORKERS ?? "", 10);
  const n = Math.min(Number.isInteger(asked) && asked >= 0 ? asked : availableParallelism(), 4);
  if (n < 1) return (threads = null);
  try {
    threads = Array.from({ length: n }, () => {
      const t: ListThread = { worker: startWorker("list-worker", undefined, HEAP_MB), pending: 0 };
      t.worker.on("message", ({ id, ...answer }: { id: number } & Answer) => {
        if (--t.pending === 0) t.worker.unref();
        waiting.get(id)?.resolve(answer);
        waiting.delete(id);
      });
      const fail = (err: Error) => {
        threads = null;
        for (const w of waiting.values()) w.reject(err);
        waiting.clear();
      };
      t.worker.on("error", fail);
      t.worker.on("exit", () => fail(new Error("folder listing thread stopped")));
      // Idle threads keep no process alive; a thread with a folder to list does (its answer is awaited). Said again
      // once it runs: a thread still starting when the walk ends (one never given a folder) would otherwise hold it.
      const idle = () => t.pending === 0 && t.worker.unref();
      idle();
      t.worker.once("online", idle);
      return t;
    });
  } catch {
    threads = null;
  }
  return threads;
}

/**
 * The folder at `path` listed on the pool's least busy thread; undefined when there is no pool, or a name in it is
 * not UTF-8 (the caller lists it here). Rejects with readdir's message for a folder not readable.
 */
export async function listOnThreads(path: string, files: boolean): Promise<FolderListing | undefined> {
  const p = pool();
  if (!p) return undefined;
  const t = p.reduce((a, b) => (b.pending < a.pending ? b : a));
  const id = nextId++;
  if (t.pending++ === 0) t.worker.ref();
  let answer: Answer;
  try {
    answer = await new Promise<Answer>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      t.worker.postMessage({ id, path, files });
    });
  } catch {
    return undefined; // a thread failed: this folder, and the walk from now on, here
  }
  if (answer.error !== undefined) throw new Error(answer.error);
  return answer.out;
}
