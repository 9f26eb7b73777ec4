/** SourceFile / SourceDir over the local file system; read-only, never leaves the root. */
import { createReadStream, openSync, readSync, closeSync, realpathSync, statSync, type Stats } from "node:fs";
import { Readable } from "node:stream";
import { join, resolve, sep } from "node:path";
import { SpyglassError } from "../core/errors.ts";
import type { SourceDir, SourceFile, SourceMeta, TimedListing } from "../core/source.ts";
import { MAX_WHOLE_FILE } from "../core/source.ts";
import { fsPath, listEntries, lstatPath } from "./raw-names.ts";
import { TreeLister } from "./list-pool.ts";
import { entryTimes } from "./folder-listing.ts";

/** Node's files carry their real path so the SQLite host can open or copy them. */
export interface LocalFile extends SourceFile {
  readonly localPath: string;
}

export function isLocalFile(f: SourceFile): f is LocalFile {
  return typeof (f as Partial<LocalFile>).localPath === "string";
}

export function localFile(localPath: string, displayPath: string, meta?: SourceMeta, st?: Stats): LocalFile {
  const stats = st ?? statSync(localPath);
  return {
    path: displayPath,
    localPath,
    size: stats.size,
    mtime: stats.mtimeMs / 1000,
    ...(meta ? { meta } : {}),
    async bytes(limit = MAX_WHOLE_FILE) {
      if (stats.size > limit) throw new SpyglassError("E_LIMIT", `file is ${stats.size} bytes, over the ${limit}-byte limit`, { file: displayPath });
      const buf = new Uint8Array(stats.size);
      const fd = openSync(localPath, "r");
      try {
        let off = 0;
        while (off < buf.length) {
          const n = readSync(fd, buf, off, buf.length - off, off);
          if (n === 0) break;
          off += n;
        }
        return off === buf.length ? buf : buf.subarray(0, off);
      } finally {
        closeSync(fd);
      }
    },
    stream() {
      return Readable.toWeb(createReadStream(localPath)) as unknown as ReadableStream<Uint8Array>;
    },
    async slice(start, end) {
      const from = Math.max(0, start);
      const buf = new Uint8Array(Math.max(0, Math.min(end, stats.size) - from));
      const fd = openSync(localPath, "r");
      try {
        let off = 0;
        while (off < buf.length) {
          const n = readSync(fd, buf, off, buf.length - off, from + off);
          if (n === 0) break;
          off += n;
        }
        return off === buf.length ? buf : buf.subarray(0, off);
      } finally {
        closeSync(fd);
      }
    },
  };
}

const SEP = sep.charCodeAt(0);

/**
 * A folder; `display` is the prefix shown to users. Paths with ".." or absolute parts are refused. `lister`: the
 * listing threads' cache of the folder tree this one belongs to (its sub-folders share it).
 */
export function localDir(root: string, display = "", mtime?: number, lister = new TreeLister()): SourceDir {
  const abs = resolve(root);
  let realRoot: Buffer | undefined;
  const inside = (rel: string): string | undefined => {
    // One name listed here: lstat (below) refuses it if it is a link, so it cannot lead out (a walk of a dump of 10^5
    // files spends most of its time in realpath otherwise).
    if (rel !== "" && rel !== "." && rel !== ".." && !rel.includes("/") && !rel.includes(sep)) return join(abs, rel);
    const p = resolve(abs, rel);
    if (!(p === abs || p.startsWith(abs + sep))) return undefined;
    // A folder on the way may be a symbolic link to elsewhere: the real path must stay under the real root too.
    // Compared as bytes, by the system's realpath: a root given as /proc/self/fd/N (see raw-argv.ts) resolves to a
    // name that need not be UTF-8, which a string would mangle.
    try {
      realRoot ??= realpathSync.native(fsPath(abs), { encoding: "buffer" });
      const real = realpathSync.native(fsPath(p), { encoding: "buffer" });
      return real.equals(realRoot) || (real.length > realRoot.length && real.subarray(0, realRoot.length).equals(realRoot) && real[realRoot.length] === SEP) ? p : undefined;
    } catch {
      return undefined;
    }
  };
  const shown = (rel: string) => (display ? `${display}/${rel}` : rel);
  return {
    path: abs,
    ...(mtime !== undefined ? { mtime } : {}),
    async list() {
      return listEntries(abs);
    },
    async file(rel) {
      const p = inside(rel);
      if (!p) return undefined;
      try {
        // lstat: a symbolic link inside evidence is not followed (it could point anywhere on this machine).
        const st = lstatPath(p);
        return st.isFile() ? localFile(fsPath(p), shown(rel), undefined, st) : undefined;
      } catch {
        return undefined;
      }
    },
    async dir(rel) {
      const p = inside(rel);
      if (!p) return undefined;
      try {
        const st = lstatPath(p);
        return st.isDirectory() ? localDir(p, shown(rel), st.mtimeMs / 1000, lister) : undefined;
      } catch {
        return undefined;
      }
    },
    async listTimed(files) {
      const real = fsPath(abs);
      // On the pool's threads (else here); the slow way for a folder holding a name that is not UTF-8.
      const fast = await lister.list(real, files);
      const { listed, times } = fast ? { listed: fast.names.map((name, i) => ({ name, kind: fast.dirs[i] ? ("dir" as const) : ("file" as const) })), times: fast.times } : listSlowly(abs, files);
      return { listed, times, sub: (i) => localDir(join(abs, listed[i]!.name), shown(listed[i]!.name), times[2 * i + 1], lister) };
    },
  };
}

/** A folder listed with its names escaped where they are not UTF-8, each entry stat'ed through what reaches it (raw-names.ts). */
function listSlowly(abs: string, files: boolean): Omit<TimedListing, "sub"> {
  const listed = listEntries(abs);
  const names = listed.map((e) => e.name);
  return { listed, times: entryTimes(names, (i) => listed[i]!.kind === "dir", files, (name) => lstatPath(join(abs, name))) };
}
