/**
 * The Node host's threads for split tables (`splitRows`): worker_threads running src/node/scan-worker, each with
 * the scan's indicators compiled once, fed by the queue both hosts share (src/run/job-queue-pool.ts).
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { startWorker } from "./worker-file.ts";
import type { ChunkPool, ChunkResult, PoolSetup } from "../core/chunk.ts";
import { JobQueuePool, type PoolWorker } from "../run/job-queue-pool.ts";
import type { Host } from "../core/host.ts";
import { CROSS_CHECK_IDS } from "../checks/cross-checks.ts";

// Each worker's heap: a few jobs' records and rendered text; bounded so that memory stays well under 1 GiB.
const WORKER_HEAP_MB = 128;
// The workers' young generations together (each gets its share, at most 192 MB): a worker allocates ~10 KB a
// record, nearly all short-lived, so a larger nursery means fewer collections, each copying the same few live
// objects. Measured at 10^6 messages on 2 workers: V8's default 48 MB → 192 MB, 0.45 s less collection time a
// worker, 0.8 s less wall time, +150 MiB peak RSS (715 MiB in the benchmark).
const WORKERS_YOUNG_MB = 384;
// …but for a pool started for a dump's listing (its jobs render 25,000 short entries): measured at 500,000 entries on
// 2 workers, the same wall time with 32 MB each, ~180 MiB less peak RSS (410–435 MiB against 580–650 MiB).
const LISTING_YOUNG_MB = 32;

/** A worker thread, started with the scan's setup and its answers reported to the queue. */
function nodePool(setup: PoolSetup, workers: number): ChunkPool {
  const pool = new JobQueuePool<PoolWorker & { thread: Worker }>(workers, "no worker thread left");
  for (let i = 0; i < workers; i++) {
    const young = setup.forListing ? LISTING_YOUNG_MB : Math.min(192, Math.floor(WORKERS_YOUNG_MB / workers));
    const thread = startWorker("scan-worker", setup, WORKER_HEAP_MB, young);
    const w = { thread, post: (m: unknown, transfer: ArrayBuffer[]) => thread.postMessage(m, transfer), terminate: () => thread.terminate() };
    thread.on("message", (m: { result?: ChunkResult; error?: string }) => pool.answered(w, m));
    thread.on("error", (err) => pool.lost(w, err));
    thread.on("exit", () => pool.lost(w, new Error("worker thread stopped")));
    pool.add(w);
  }
  return pool;
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
      return nodePool(setup, workers);
    },
  };
}
