/**
 * One folder of a walk, listed and stat'ed in one go, as the folder walk asks it (list-pool.ts): on a thread of its
 * pool, or here. Only `node:fs`: a pool thread loads nothing else.
 */
import { isUtf8 } from "node:buffer";
import { lstatSync, readdirSync, type Stats } from "node:fs";

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
  // lstat: a name that became a link is not followed (it could lead anywhere on this machine).
  return { names, dirs, times: entryTimes(names, (i) => dirs[i] === 1, files, (name) => lstatSync(`${path}/${name}`)) };
}

/**
 * [size (0 for a folder), mtime in seconds] of each listed name, by `stat`; NaN for one gone, unreadable or no longer
 * the kind it was listed as, and for files when `files` is false.
 */
export function entryTimes(names: readonly string[], isDir: (i: number) => boolean, files: boolean, stat: (name: string) => Stats): Float64Array {
  const times = new Float64Array(names.length * 2).fill(NaN);
  for (let i = 0; i < names.length; i++) {
    const dir = isDir(i);
    if (!dir && !files) continue;
    try {
      const st = stat(names[i]!);
      if (dir ? !st.isDirectory() : !st.isFile()) continue;
      times[2 * i] = dir ? 0 : st.size;
      times[2 * i + 1] = st.mtimeMs / 1000;
    } catch {
      // gone or unreadable: NaN
    }
  }
  return times;
}

/** A folder of a listed tree: its listing, or why it has none (a name that is not UTF-8: `raw`; readdir's error). */
export interface TreeFolder {
  readonly path: string;
  readonly out?: FolderListing;
  readonly raw?: true;
  readonly error?: string;
}

/**
 * The folder at `path` and, in the walk's order (each sub-folder whole before the next), as many of its sub-folders
 * as fit in `budget` entries: a phone's folders hold a few files each, and a message per folder cost more than
 * listing it. A folder that is not listed (raw, or not readable) is not descended into.
 */
export function listTree(path: string, files: boolean, budget: number): TreeFolder[] {
  const out: TreeFolder[] = [];
  const stack = [path];
  let entries = 0;
  for (let p = stack.pop(); p !== undefined && (out.length === 0 || entries < budget); p = stack.pop()) {
    let listing: FolderListing | undefined;
    try {
      listing = listFolder(p, files);
    } catch (err) {
      out.push({ path: p, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if (!listing) {
      out.push({ path: p, raw: true });
      continue;
    }
    out.push({ path: p, out: listing });
    entries += listing.names.length;
    for (let i = listing.names.length - 1; i >= 0; i--) if (listing.dirs[i] && !Number.isNaN(listing.times[2 * i])) stack.push(`${p}/${listing.names[i]}`);
  }
  return out;
}
