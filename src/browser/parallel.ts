/**
 * The browser host's threads for split tables (`splitRows`), as the Node host has (src/node/parallel.ts): nested
 * module workers running scan-worker.ts, each with the scan's indicators compiled once, fed by the queue both hosts
 * share (src/run/job-queue-pool.ts). Cancel terminates the analysis worker, and its nested workers with it.
 */
import type { ChunkPool, ChunkResult, PoolSetup } from "../core/chunk.ts";
import type { Host } from "../core/host.ts";
import { CROSS_CHECK_IDS } from "../checks/cross-checks.ts";
import { JobQueuePool, type PoolWorker } from "../run/job-queue-pool.ts";

/** Nested module workers, each started with the scan's setup and its answers reported to the queue. */
function browserPool(setup: PoolSetup, workers: number): ChunkPool {
  const pool = new JobQueuePool<PoolWorker & { worker: Worker }>(workers, "no scan worker left");
  for (let i = 0; i < workers; i++) {
    const worker = new Worker(new URL("./scan-worker.ts", import.meta.url), { type: "module", name: `spyglass-scan-${i}` });
    const w = { worker, post: (m: unknown, transfer: ArrayBuffer[]) => worker.postMessage(m, transfer), terminate: () => worker.terminate() };
    worker.onmessage = (e: MessageEvent<{ result?: ChunkResult; error?: string }>) => pool.answered(w, e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      pool.lost(w, new Error(`scan worker failed: ${e.message}`));
    };
    worker.postMessage({ setup });
    pool.add(w);
  }
  return pool;
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
      return browserPool(setup, workers);
    },
  };
}

function defaultWorkers(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return cores >= 2 ? Math.min(cores, 4) : 0;
}
