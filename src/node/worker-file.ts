/**
 * Starts one of Spyglass's worker threads: the bundled file beside the bundled CLI (dist/), else the TypeScript
 * source, loaded through tsx (on Node 20 a worker's `--import tsx` does not reach its own entry file, so a one-line
 * loader registers tsx first).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { workerEnv } from "./run-temp.ts";

/** `heapMb`: the old generation's limit; `youngMb`: the young generation's, when not V8's default (48 MB). */
export function startWorker(entry: "scan-worker" | "timeline-worker" | "list-worker", workerData: unknown, heapMb: number, youngMb?: number): Worker {
  // The thread puts its files in the run's temp folder (run-temp.ts), told through its environment.
  const opts = { workerData, env: workerEnv(), resourceLimits: { maxOldGenerationSizeMb: heapMb, ...(youngMb ? { maxYoungGenerationSizeMb: youngMb } : {}) } };
  const js = new URL(`./${entry}.js`, import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, opts);
  const ts = new URL(`./${entry}.ts`, import.meta.url).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); })`, { ...opts, eval: true });
}
