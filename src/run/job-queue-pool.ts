/**
 * The job queue both hosts' thread pools share (src/node/parallel.ts: worker_threads; src/browser/parallel.ts:
 * nested Web Workers): jobs go to the first idle worker; a worker that fails fails its job (the scan redoes that range
 * itself) and the others go on. The host starts the workers and reports their answers and failures here.
 */
import type { ChunkJob, ChunkPool, ChunkResult } from "../core/chunk.ts";
import { outputBuffers, RENDER_BUFFER_BYTES } from "./render-buffers.ts";

/** A started worker as the queue sees it: a message out (buffers transferred), and an end. */
export interface PoolWorker {
  post(message: { job: ChunkJob; spare: ArrayBuffer[] }, transfer: ArrayBuffer[]): void;
  terminate(): unknown;
}

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

export class JobQueuePool<W extends PoolWorker> implements ChunkPool {
  private readonly spare: ArrayBuffer[] = [];
  private readonly idle: W[] = [];
  private readonly busy = new Map<W, Pending>();
  private readonly queue: Pending[] = [];
  private alive = 0;

  /** `noneLeft`: the error every queued job gets once no worker is left. */
  constructor(
    readonly threads: number,
    private readonly noneLeft: string,
  ) {}

  /** A started worker, idle. */
  add(w: W): void {
    this.alive++;
    this.idle.push(w);
  }

  /** The worker's answer to its job. */
  answered(w: W, m: { result?: ChunkResult; error?: string }): void {
    const p = this.busy.get(w);
    this.busy.delete(w);
    this.idle.push(w);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.result!);
    this.pump();
  }

  /** The worker failed or stopped: its job fails, and it gets no more. */
  lost(w: W, err: Error): void {
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    const p = this.busy.get(w);
    if (!p && i < 0) return; // already counted
    this.busy.delete(w);
    this.alive--;
    p?.reject(err);
    this.pump();
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
      w.post({ job: p.job, spare }, spare);
    }
    if (this.alive === 0) for (const p of this.queue.splice(0)) p.reject(new Error(this.noneLeft));
  }

  recycle(result: ChunkResult): void {
    for (const b of outputBuffers(result)) {
      if (this.spare.length >= SPARE_MAX) return;
      if (b.byteLength === RENDER_BUFFER_BYTES) this.spare.push(b);
    }
  }

  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    this.alive = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }
}
