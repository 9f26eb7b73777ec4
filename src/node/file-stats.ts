/** The size and time of a batch of files, as the folder walk asks them (stat-pool.ts): on a thread of its pool, or here. */
import { lstatSync, statSync, type Stats } from "node:fs";

/**
 * [size, mtime in seconds (as `file` gives it)] of each path (`base` + "/" + name, or the name alone when `base` is "") in one array, NaN for one
 * that is gone, unreadable, a link or anything but a regular file. `follow`: indexes of descriptor paths, whose link
 * is the file itself (raw-names.ts), stat'ed rather than lstat'ed. A folder's files go as its path and their names:
 * joining 500,000 paths and sending them whole to the stat threads cost ~0.4 s of the walk's thread.
 */
export function statBatch(base: string, names: readonly string[], follow: readonly number[]): Float64Array {
  const out = new Float64Array(names.length * 2).fill(NaN);
  const followed = new Set(follow);
  const prefix = base ? `${base}/` : "";
  for (let i = 0; i < names.length; i++) {
    const path = prefix + names[i]!;
    let st: Stats | undefined;
    try {
      st = followed.has(i) ? statSync(path) : lstatSync(path);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    out[2 * i] = st.size;
    out[2 * i + 1] = st.mtimeMs / 1000;
  }
  return out;
}
