/** A worker thread of the folder walk's pool (stat-pool.ts): stats batches of files, nothing else loaded. */
import { parentPort } from "node:worker_threads";
import { statBatch } from "./file-stats.ts";

parentPort!.on("message", ({ id, base, names, follow }: { id: number; base: string; names: string[]; follow: number[] }) => {
  const out = statBatch(base, names, follow);
  parentPort!.postMessage({ id, out }, [out.buffer as ArrayBuffer]);
});
