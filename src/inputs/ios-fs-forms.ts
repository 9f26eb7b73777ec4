/**
 * The four forms of an iOS filesystem dump, each walked the same way: a folder, a `.tar` read at random by member
 * offset, a `.zip` (central directory), and a `.tar.gz` read as one stream. A walk yields every folder and file in
 * the archive's (or the folder's sorted) order and keeps nothing; a member's content is reachable during the walk
 * (`take`) and, for the random-access forms, after it.
 */
import { SpyglassError } from "../core/errors.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { readTar, type TarLimits } from "../formats/tar.ts";
import { rawStream } from "../formats/zip.ts";
import type { ZipArchive } from "../formats/zip.ts";

export type DumpForm = "folder" | "tar" | "zip" | "tar.gz";

export interface DumpEntry {
  /** As stored in the form (before the dump's root folder is cut off). */
  readonly path: string;
  readonly kind: "file" | "dir";
  readonly mtime: number | undefined;
  readonly size: number;
  /**
   * The file's content as a SourceFile named `shown`. Random-access forms: callable at any time. A `.tar.gz`: only
   * while the walk stands at this entry; `keep` then decides how the member is held (memory or scratch).
   */
  take?(shown: string): Promise<SourceFile | undefined>;
}

/** Reports a problem met during a walk (an unreadable folder, a truncated archive) and goes on. */
export type OnProblem = (message: string) => void;

export interface Walker {
  readonly form: DumpForm;
  /** `times`: each file's time and size are wanted (a folder then stats every file; archives have them anyway). */
  walk(onProblem: OnProblem, times?: boolean): AsyncIterable<DumpEntry>;
}

/** How far a walk descends and how many entries it visits (hostile input: a loop of folders, 10^8 members). */
export const DUMP_LIMITS = { depth: 128, entries: 20_000_000 };

/**
 * A folder, walked as os.walk lists it (MVT's Filesystem order): a folder's sub-folders, then its files, then each
 * sub-folder in turn; names sorted for a stable order.
 */
export function folderWalker(root: SourceDir): Walker {
  return {
    form: "folder",
    async *walk(onProblem, times = true) {
      let seen = 0;
      /**
       * A folder's entries, and its files' sizes and times asked at once: the host may stat them on other threads
       * (SourceDir.fileTimes) while this one goes on; else each file is opened in turn below.
       */
      const prepare = async (dir: SourceDir): Promise<Listed> => {
        const listed = await dir.list();
        return { listed, fileTimes: times && dir.fileTimes ? dir.fileTimes(listed.filter((e) => e.kind === "file").map((e) => e.name)) : undefined };
      };
      // An explicit stack, not a generator per folder: each entry would otherwise pass through one yield per level.
      const stack: Folder[] = [{ dir: root, prefix: "", depth: 0 }];
      for (let top = stack.pop(); top; top = stack.pop()) {
        const { dir, prefix, depth } = top;
        let listed: Listed["listed"];
        let fileTimes: Listed["fileTimes"];
        try {
          ({ listed, fileTimes } = await (top.ready ?? prepare(dir)));
        } catch (err) {
          onProblem(`${prefix || "."}: folder not readable, skipped (${err instanceof Error ? err.message : String(err)})`);
          continue;
        }
        const subs: Folder[] = [];
        for (const e of listed) {
          if (e.kind !== "dir") continue;
          const sub = await dir.dir(e.name);
          if (!sub) continue;
          if (++seen > DUMP_LIMITS.entries) return;
          subs.push({ dir: sub, prefix: `${prefix}${e.name}/`, depth: depth + 1 });
          yield { path: prefix + e.name, kind: "dir", mtime: sub.mtime, size: 0 };
        }
        // The next folder walked is listed and its files asked for now: their stats run while this folder's files
        // are handed out (what is told of it, a folder not readable, is still told when its turn comes).
        const next = depth < DUMP_LIMITS.depth && subs.length ? subs[0] : stack[stack.length - 1];
        if (next && !next.ready) (next.ready = prepare(next.dir)).catch(() => {});
        const known = await fileTimes;
        let j = -1;
        for (const e of listed) {
          if (e.kind !== "file") continue;
          j++;
          if (++seen > DUMP_LIMITS.entries) return;
          if (!times) {
            // Names only (opening: which files the modules need): no stat of the files nobody reads.
            yield { path: prefix + e.name, kind: "file", mtime: undefined, size: 0, take: async (shown) => named(await dir.file(e.name), shown) };
            continue;
          }
          if (known) {
            if (Number.isNaN(known[2 * j])) onProblem(`${prefix + e.name}: file not readable, skipped`);
            else yield { path: prefix + e.name, kind: "file", mtime: known[2 * j + 1], size: known[2 * j]!, take: async (shown) => named(await dir.file(e.name), shown) };
            continue;
          }
          const f = await dir.file(e.name);
          if (!f) {
            onProblem(`${prefix + e.name}: file not readable, skipped`);
            continue;
          }
          yield { path: prefix + e.name, kind: "file", mtime: f.mtime, size: f.size, take: async (shown) => named(f, shown) };
        }
        if (depth >= DUMP_LIMITS.depth) {
          if (subs.length) onProblem(`${prefix}: more than ${DUMP_LIMITS.depth} folders deep, not walked further`);
          continue;
        }
        // Sub-folders in name order, each walked whole before the next (os.walk's top-down order).
        for (let i = subs.length - 1; i >= 0; i--) stack.push(subs[i]!);
      }
    },
  };
}

/** A folder on the walk's stack, with its listing once asked for ahead of its turn. */
interface Folder {
  readonly dir: SourceDir;
  readonly prefix: string;
  readonly depth: number;
  ready?: Promise<Listed>;
}

interface Listed {
  readonly listed: { name: string; kind: "file" | "dir" }[];
  readonly fileTimes: Promise<Float64Array> | undefined;
}

/** The file named relative to the dump's root, whatever wrapper folder the host named it under. */
const named = (f: SourceFile | undefined, shown: string): SourceFile | undefined => (!f || f.path === shown ? f : { ...f, path: shown });

/** A file read whole from `start` for `size` bytes of `file` (a tar member stored plain). */
function sliceFile(file: SourceFile, start: number, size: number, shown: string, mtime: number | undefined): SourceFile {
  const truncated = () => new SpyglassError("E_CORRUPT", `truncated tar: member "${shown}" ends early`, { file: file.path });
  return {
    path: shown,
    size,
    evidence: file,
    ...(mtime !== undefined ? { mtime } : {}),
    async bytes(limit) {
      if (limit !== undefined && size > limit) throw new SpyglassError("E_LIMIT", `file is ${size} bytes, over the ${limit}-byte limit`, { file: shown });
      const b = await file.slice(start, start + size);
      if (b.length < size) throw truncated();
      return b;
    },
    stream: () => rawStream(file, start, start + size, 1 << 20, truncated),
    slice: (s, e) => file.slice(start + Math.max(0, s), start + Math.min(size, e)),
  };
}

/**
 * An archive's problems are warnings of the input, whose file is the archive already: the reader's own prefix naming
 * it is cut (one name per line).
 */
export const unprefixed = (name: string, message: string): string => (message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message);

const tarWarnings = (name: string, onProblem: OnProblem) => (m: string) => onProblem(unprefixed(name, m));

/** An error's text, with a gzip stream cut short said plainly (DecompressionStream's words vary by runtime). */
export function plainArchiveError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return /unexpected end|premature|incomplete/i.test(msg) && !/tar/.test(msg) ? "the gzip stream ends early (truncated file)" : msg;
}

/** A plain tar: headers read in one pass, member data skipped by seeking (never read unless a module asks). */
export function tarWalker(file: SourceFile, limits?: Partial<TarLimits>): Walker {
  return {
    form: "tar",
    async *walk(onProblem) {
      const seek = { size: file.size, from: (at: number) => rawStream(file, at, file.size, 1 << 20, () => new SpyglassError("E_CORRUPT", "truncated tar", { file: file.path })) };
      try {
        for await (const e of readTar(seek.from(0), { name: file.path, seek, onWarning: tarWarnings(file.path, onProblem), ...(limits ? { limits } : {}) })) {
          const offset = e.offset;
          yield { path: e.path, kind: e.type, mtime: e.mtime, size: e.size, take: async (shown) => sliceFile(file, offset, e.size, shown, e.mtime) };
        }
      } catch (err) {
        onProblem(`${unprefixed(file.path, plainArchiveError(err))}; the members before it were read`);
      }
    },
  };
}

/** Where a `.tar.gz` member a module needs goes: memory or the scratch space (see ios-fs.ts). */
export type Keep = (shown: string, size: number, mtime: number | undefined, data: () => ReadableStream<Uint8Array>, bytes: () => Promise<Uint8Array>) => Promise<SourceFile | undefined>;

/** A gzip-compressed tar: one stream, no random access; members are taken (kept) as they pass. */
export function tarGzWalker(file: SourceFile, keep: Keep, limits?: Partial<TarLimits>): Walker {
  return {
    form: "tar.gz",
    async *walk(onProblem) {
      const input = file.stream().pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>);
      try {
        for await (const e of readTar(input, { name: file.path, onWarning: tarWarnings(file.path, onProblem), ...(limits ? { limits } : {}) })) {
          yield { path: e.path, kind: e.type, mtime: e.mtime, size: e.size, take: (shown) => keep(shown, e.size, e.mtime, () => e.stream(), () => e.bytes()) };
        }
      } catch (err) {
        onProblem(`${unprefixed(file.path, plainArchiveError(err))}; the members before it were read`);
      }
    },
  };
}

/** A zip: its central directory lists every member; members are read at random. */
export function zipWalker(archive: ZipArchive): Walker {
  return {
    form: "zip",
    async *walk() {
      for (const e of archive.entries) {
        yield { path: e.name, kind: e.isDir ? "dir" : "file", mtime: e.mtime, size: e.size, take: async (shown) => archive.memberFile(e, shown) };
      }
    },
  };
}
