/** A worker thread of the folder walk's pool (list-pool.ts): lists and stats folders, nothing else loaded. */
import { parentPort } from "node:worker_threads";
import { listTree } from "./folder-listing.ts";

parentPort!.on("message", ({ id, path, files, budget }: { id: number; path: string; files: boolean; budget: number }) => {
  const folders = listTree(path, files, budget);
  parentPort!.postMessage({ id, folders }, folders.flatMap((f) => (f.out ? [f.out.dirs.buffer as ArrayBuffer, f.out.times.buffer as ArrayBuffer] : [])));
});
