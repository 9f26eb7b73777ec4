/**
 * One folder of a walk, listed and stat'ed in one go, as the folder walk asks it (list-pool.ts): on a thread of its
 * pool, or here. Only `node:fs`: a pool thread loads nothing else.
 */
import { isUtf8 } from "node:buffer";
import { lstatSync, readdirSync } from "node:fs";

export interface FolderListing {
  /** The files and folders (links and other kinds left out), sorted as `listEntries` sorts (UTF-16 code units). */
  readonly names: string[];
  /** 1 for a folder, 0 for a file, per name. */
  readonly dirs: Uint8Array;
  /**
   * [size, mtime in seconds] per name, NaN for an entry gone or no longer what it was listed as; a file's pair stays
   * NaN when files' times were not asked for.
   */
  readonly times: Float64Array;
}

/**
 * The folder at `path` (as fs takes it), or undefined when a name in it is not UTF-8: the caller then lists it the
 * slow way, which makes such names reachable (raw-names.ts). Throws what readdir throws (a folder not readable).
 */
export function listFolder(path: string, files: boolean): FolderListing | undefined {
  const found: string[] = [];
  const isDir: boolean[] = [];
  for (const d of readdirSync(path, { withFileTypes: true, encoding: "buffer" })) {
    const dir = d.isDirectory();
    if (!dir && !d.isFile()) continue;
    if (!isUtf8(d.name)) return undefined;
    found.push(d.name.toString("utf8"));
    isDir.push(dir);
  }
  const order = found.map((_, i) => i).sort((a, b) => (found[a]! < found[b]! ? -1 : found[a]! > found[b]! ? 1 : 0));
  const names = order.map((i) => found[i]!);
  const dirs = Uint8Array.from(order, (i) => (isDir[i] ? 1 : 0));
  const times = new Float64Array(names.length * 2).fill(NaN);
  for (let i = 0; i < names.length; i++) {
    if (!dirs[i] && !files) continue;
    try {
      // lstat: a name that became a link is not followed (it could lead anywhere on this machine).
      const st = lstatSync(`${path}/${names[i]}`);
      if (dirs[i] ? !st.isDirectory() : !st.isFile()) continue;
      times[2 * i] = dirs[i] ? 0 : st.size;
      times[2 * i + 1] = st.mtimeMs / 1000;
    } catch {
      // gone or unreadable: NaN
    }
  }
  return { names, dirs, times };
}
