/** The size and time of a batch of files, as the folder walk asks them (stat-pool.ts): on a thread of its pool, or here. */
import { lstatSync, statSync, type Stats } from "node:fs";

/**
 * [size, mtimeMs] of each path in one array, NaN for one that is gone, unreadable, a link or anything but a regular
 * file. `follow`: indexes of descriptor paths, whose link is the file itself (raw-names.ts), stat'ed rather than lstat'ed.
 */
export function statBatch(paths: readonly string[], follow: readonly number[]): Float64Array {
  const out = new Float64Array(paths.length * 2).fill(NaN);
  const followed = new Set(follow);
  for (let i = 0; i < paths.length; i++) {
    let st: Stats | undefined;
    try {
      st = followed.has(i) ? statSync(paths[i]!) : lstatSync(paths[i]!);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    out[2 * i] = st.size;
    out[2 * i + 1] = st.mtimeMs;
  }
  return out;
}
