/**
 * The browser host's threads for split tables (`splitRows`), as the Node host has (src/node/parallel.ts): nested
 * module workers running scan-worker.ts, each with the scan's indicators compiled once. Jobs go to the first idle
 * worker; a worker that fails fails its job (the scan redoes that range on the analysis worker) and the others go
 * on. Cancel terminates the analysis worker, and its nested workers with it.
 */
import type { ChunkJob, ChunkPool, ChunkResult, PoolSetup } from "../core/chunk.ts";
import type { Host } from "../core/host.ts";
import { CROSS_CHECK_IDS } from "../checks/cross-checks.ts";
import { outputBuffers, RENDER_BUFFER_BYTES } from "../run/render-buffers.ts";

interface Pending {
  readonly job: ChunkJob;
  resolve(r: ChunkResult): void;
  reject(e: Error): void;
}

/** Rendered-output buffers handed back to the next jobs (transferred): the workers then allocate no new ones. */
const SPARE_MAX = 64;
const SPARE_PER_JOB = 32;

class BrowserPool implements ChunkPool {
  private readonly spare: ArrayBuffer[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private alive = 0;

  constructor(
    setup: PoolSetup,
    readonly threads: number,
  ) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(new URL("./scan-worker.ts", import.meta.url), { type: "module", name: `spyglass-scan-${i}` });
      this.alive++;
      w.onmessage = (e: MessageEvent<{ result?: ChunkResult; error?: string }>) => {
        const p = this.busy.get(w);
        this.busy.delete(w);
        this.idle.push(w);
        if (e.data.error !== undefined) p?.reject(new Error(e.data.error));
        else p?.resolve(e.data.result!);
        this.pump();
      };
      w.onerror = (e) => {
        e.preventDefault();
        this.lost(w, new Error(`scan worker failed: ${e.message}`));
      };
      w.postMessage({ setup });
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
    if (this.alive === 0) for (const p of this.queue.splice(0)) p.reject(new Error("no scan worker left"));
  }

  recycle(result: ChunkResult): void {
    for (const b of outputBuffers(result)) {
      if (this.spare.length >= SPARE_MAX) return;
      if (b.byteLength === RENDER_BUFFER_BYTES) this.spare.push(b);
    }
  }

  private lost(w: Worker, err: Error): void {
    w.terminate();
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    const p = this.busy.get(w);
    if (!p && i < 0) return;
    this.busy.delete(w);
    this.alive--;
    p?.reject(err);
    this.pump();
  }

  async close(): Promise<void> {
    for (const w of [...this.idle, ...this.busy.keys()]) w.terminate();
    this.idle.length = 0;
    this.alive = 0;
  }
}

/**
 * Parallel parsing with `workers` nested workers (by default one per core up to 4, as the CLI; none on one core or
 * where a worker cannot start workers). Only the standard cross checks can be rebuilt on a worker.
 */
export function browserParallel(workers = defaultWorkers()): Host["parallel"] {
  if (workers < 1 || typeof Worker === "undefined") return undefined;
  return {
    start(setup: PoolSetup): ChunkPool {
      const unknown = setup.checks.filter((id) => !CROSS_CHECK_IDS.has(id));
      if (unknown.length) throw new Error(`cross checks a worker cannot build: ${unknown.join(", ")}`);
      return new BrowserPool(setup, workers);
    },
  };
}

function defaultWorkers(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return cores >= 2 ? Math.min(cores, 4) : 0;
}
