/**
 * Threads that list the folders of a dump's walk. A walk is one readdir per folder and one `lstat` per entry
 * (10^5–10^6), mostly the kernel's path lookup, which runs as well on two cores as on one; done here it also made
 * every name's string on the walk's thread (readdir + lstat + the names sent to stat threads: ~1.3 s of the main
 * thread at 500,000 files). A folder is listed and stat'ed on one thread with as many of its sub-folders as fit in
 * TREE_BUDGET entries (a phone's folders hold a few files each: a message per folder cost ~10 µs of this thread and
 * left the listing threads waiting), while the walk goes on; the walk's thread only receives the names (~0.1 µs each)
 * and takes each folder's listing when its turn comes.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { listFolder, type FolderListing, type TreeFolder } from "./folder-listing.ts";
import { startWorker } from "./worker-file.ts";

// A thread's heap: a tree's names and their times.
const HEAP_MB = 32;
/** Entries listed at most in one message (~100 KB of names); a folder holding more is listed whole, alone. */
const TREE_BUDGET = 4_000;
/** Folders listed ahead and not yet taken, at most: past it they are dropped (and listed again when their turn comes). */
const MAX_AHEAD = 50_000;

interface ListThread {
  readonly worker: Worker;
  pending: number;
}

type Answer = { folders: TreeFolder[] };

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

const key = (path: string, files: boolean) => `${files ? "t" : "n"}${path}`;

/**
 * One walk's folders, listed on the pool's threads: a folder with some of its sub-folders, kept for their turn.
 * Each walked folder tree has its own (what one walk listed ahead is never another's, a later walk of the same
 * folder after it changed included).
 */
export class TreeLister {
  /** Folders listed ahead of their turn, by `key`; and the trees being listed, by their root's key. */
  private readonly ahead = new Map<string, TreeFolder>();
  private readonly listing = new Map<string, Promise<void>>();

  /**
   * The folder at `path`, listed on the pool's threads, or here when there are none (or one failed); undefined when a
   * name in it is not UTF-8 (the caller lists it the slow way). Throws readdir's message for a folder not readable.
   */
  async list(path: string, files: boolean): Promise<FolderListing | undefined> {
    const k = key(path, files);
    for (;;) {
      const known = this.ahead.get(k);
      if (known) {
        this.ahead.delete(k);
        if (known.error !== undefined) throw new Error(known.error);
        return known.out;
      }
      // A tree being listed may hold it: wait for that one rather than list it twice.
      let covering: Promise<void> | undefined;
      for (const [root, done] of this.listing) if (k === root || k.startsWith(`${root}/`)) covering = done;
      if (!covering) break;
      await covering;
    }
    const p = pool();
    if (!p) return listFolder(path, files);
    const t = p.reduce((a, b) => (b.pending < a.pending ? b : a));
    const id = nextId++;
    if (t.pending++ === 0) t.worker.ref();
    const answer = new Promise<Answer>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      t.worker.postMessage({ id, path, files, budget: TREE_BUDGET });
    });
    const done = answer.then(
      ({ folders }) => {
        if (this.ahead.size + folders.length > MAX_AHEAD) this.ahead.clear();
        for (const f of folders) this.ahead.set(key(f.path, files), f);
      },
      () => {},
    );
    this.listing.set(k, done);
    try {
      await answer;
    } catch {
      return listFolder(path, files); // a thread failed: this folder, and the walk from now on, here
    } finally {
      await done;
      this.listing.delete(k);
    }
    return this.list(path, files);
  }
}
