/** A worker thread of the folder walk's pool (list-pool.ts): lists and stats folders, nothing else loaded. */
import { parentPort } from "node:worker_threads";
import { listFolder } from "./folder-listing.ts";

parentPort!.on("message", ({ id, path, files }: { id: number; path: string; files: boolean }) => {
  try {
    const out = listFolder(path, files);
    if (out) parentPort!.postMessage({ id, out }, [out.dirs.buffer as ArrayBuffer, out.times.buffer as ArrayBuffer]);
    else parentPort!.postMessage({ id, raw: true });
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
