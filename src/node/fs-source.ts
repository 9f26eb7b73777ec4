/** SourceFile / SourceDir over the local file system; read-only, never leaves the root. */
import { createReadStream, openSync, readSync, closeSync, realpathSync, statSync, type Stats } from "node:fs";
import { Readable } from "node:stream";
import { join, resolve, sep } from "node:path";
import { SpyglassError } from "../core/errors.ts";
import type { SourceDir, SourceFile, SourceMeta } from "../core/source.ts";
import { MAX_WHOLE_FILE } from "../core/source.ts";
import { anyRawName, fsPath, listEntries, lstatPath, statTarget } from "./raw-names.ts";
import { statFiles } from "./stat-pool.ts";

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

/** A folder; `display` is the prefix shown to users. Paths with ".." or absolute parts are refused. */
export function localDir(root: string, display = "", mtime?: number): SourceDir {
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
        return st.isDirectory() ? localDir(p, shown(rel), st.mtimeMs / 1000) : undefined;
      } catch {
        return undefined;
      }
    },
    async fileTimes(names) {
      // Names of this folder only (as listed): anything else is no file of it (a NUL: no such file).
      const own = (n: string) => (n !== "" && n !== "." && n !== ".." && !n.includes("/") && !n.includes(sep) ? n : "\0");
      if (!anyRawName()) return statFiles(abs, names.map(own), []);
      // A name that is not UTF-8 on the way: each path as the descriptor that reaches it (raw-names.ts).
      const paths: string[] = [];
      const follow: number[] = [];
      for (let i = 0; i < names.length; i++) {
        const t = statTarget(join(abs, own(names[i]!)));
        paths.push(t.path);
        if (t.follow) follow.push(i);
      }
      return statFiles("", paths, follow);
    },
  };
}

