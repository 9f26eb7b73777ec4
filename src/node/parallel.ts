/**
 * The Node host's threads for split tables (`splitRows`): worker_threads running src/node/scan-worker, each with
 * the scan's indicators compiled once. Jobs go to the first idle worker; a worker that dies fails its job (the
 * scan redoes that range on the main thread) and the others go on.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { startWorker } from "./worker-file.ts";
import type { ChunkJob, ChunkPool, ChunkResult, PoolSetup } from "../core/chunk.ts";
import { outputBuffers, RENDER_BUFFER_BYTES } from "../run/render-buffers.ts";
import type { Host } from "../core/host.ts";
import { CROSS_CHECK_IDS } from "../checks/cross-checks.ts";

// Each worker's heap: a few jobs' records and rendered text; bounded so that memory stays well under 1 GiB.
const WORKER_HEAP_MB = 128;
// The workers' young generations together (each gets its share, at most 192 MB): a worker allocates ~10 KB a
// record, nearly all short-lived, so a larger nursery means fewer collections, each copying the same few live
// objects. Measured at 10^6 messages on 2 workers: V8's default 48 MB → 192 MB, 0.45 s less collection time a
// worker, 0.8 s less wall time, +150 MiB peak RSS (715 MiB in the benchmark).
const WORKERS_YOUNG_MB = 384;

interface Pending {
  readonly job: ChunkJob;
  resolve(r: ChunkResult): void;
  reject(e: Error): void;
}

// Rendered-output buffers a result gave back, handed to the next jobs (transferred, not copied): the workers then
// allocate no new memory outside their heaps, which V8 answers with full collections on both sides (measured at
// 10^6 messages: 45 on the main thread without recycling).
const SPARE_MAX = 64;
const SPARE_PER_JOB = 32; // more than a job fills (5,000 messages: ~20 MB), so spares do not pile up here

class NodePool implements ChunkPool {
  readonly threads: number;
  private readonly spare: ArrayBuffer[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private alive = 0;

  constructor(setup: PoolSetup, workers: number) {
    this.threads = workers;
    for (let i = 0; i < workers; i++) {
      const w = startWorker("scan-worker", setup, WORKER_HEAP_MB, Math.min(192, Math.floor(WORKERS_YOUNG_MB / workers)));
      this.alive++;
      w.on("message", (m: { result?: ChunkResult; error?: string }) => {
        const p = this.busy.get(w);
        this.busy.delete(w);
        this.idle.push(w);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result!);
        this.pump();
      });
      w.on("error", (err) => this.lost(w, err));
      w.on("exit", () => this.lost(w, new Error("worker thread stopped")));
      this.idle.push(w);
    }
  }

  run(job: ChunkJob): Promise<ChunkResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.shift()!;
      const p = this.queue.shift()!;
      this.busy.set(w, p);
      const spare = this.spare.splice(0, SPARE_PER_JOB);
      w.postMessage({ job: p.job, spare }, spare);
    }
    if (this.alive === 0) for (const p of this.queue.splice(0)) p.reject(new Error("no worker thread left"));
  }

  recycle(result: ChunkResult): void {
    for (const b of outputBuffers(result)) {
      if (this.spare.length >= SPARE_MAX) return;
      if (b.byteLength === RENDER_BUFFER_BYTES) this.spare.push(b);
    }
  }

  private lost(w: Worker, err: Error): void {
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    const p = this.busy.get(w);
    if (!p && i < 0) return; // already counted
    this.busy.delete(w);
    this.alive--;
    p?.reject(err);
    this.pump();
  }

  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    this.alive = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }
}

// Threads by default: one per core up to 4 (each holds up to a 128 MB heap: memory stays under 1 GiB); none on a
// single core, where the main thread parses alone.
const defaultWorkers = () => (availableParallelism() >= 2 ? Math.min(availableParallelism(), 4) : 0);

/** Parallel parsing for the Node host with `workers` threads. Only the standard cross checks can be rebuilt on a worker. */
export function nodeParallel(workers = defaultWorkers()): Host["parallel"] {
  if (workers < 1) return undefined;
  return {
    start(setup: PoolSetup): ChunkPool {
      const unknown = setup.checks.filter((id) => !CROSS_CHECK_IDS.has(id));
      if (unknown.length) throw new Error(`cross checks a worker cannot build: ${unknown.join(", ")}`);
      return new NodePool(setup, workers);
    },
  };
}
