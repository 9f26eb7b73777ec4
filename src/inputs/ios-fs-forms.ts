/**
 * The four forms of an iOS filesystem dump, each walked the same way: a folder, a `.tar` read at random by member
 * offset, a `.zip` (central directory), and a `.tar.gz` read as one stream. A walk yields every folder and file in
 * the archive's (or the folder's sorted) order and keeps nothing; a member's content is reachable during the walk
 * (`take`) and, for the random-access forms, after it.
 */
import { SpyglassError } from "../core/errors.ts";
import type { SourceDir, SourceFile, TimedListing } from "../core/source.ts";
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
      // An explicit stack, not a generator per folder: each entry would otherwise pass through one yield per level.
      const stack: Folder[] = [{ dir: root, prefix: "", depth: 0 }];
      for (let top = stack.pop(); top; top = stack.pop()) {
        const { dir, prefix, depth } = top;
        let listing: TimedListing;
        try {
          listing = await (top.ready ?? timedListing(dir, times));
        } catch (err) {
          onProblem(`${prefix || "."}: folder not readable, skipped (${err instanceof Error ? err.message : String(err)})`);
          continue;
        }
        const { listed, times: known } = listing;
        const subs: Folder[] = [];
        for (const [i, e] of listed.entries()) {
          if (e.kind !== "dir" || Number.isNaN(known[2 * i])) continue;
          if (++seen > DUMP_LIMITS.entries) return;
          subs.push({ dir: listing.sub(i), prefix: `${prefix}${e.name}/`, depth: depth + 1 });
          yield { path: prefix + e.name, kind: "dir", mtime: timeOf(known, i), size: 0 };
        }
        // Sub-folders in name order, each walked whole before the next (os.walk's top-down order).
        const deeper = depth < DUMP_LIMITS.depth;
        if (deeper) for (let i = subs.length - 1; i >= 0; i--) stack.push(subs[i]!);
        // The next folders walked are listed now, on the host's threads if it has them, while this one's files are
        // handed out (what is told of one, a folder not readable, is still told when its turn comes).
        for (let k = stack.length - 1; k >= Math.max(0, stack.length - LIST_AHEAD); k--) {
          const next = stack[k]!;
          if (!next.ready) (next.ready = timedListing(next.dir, times)).catch(() => {});
        }
        for (const [i, e] of listed.entries()) {
          if (e.kind !== "file") continue;
          if (++seen > DUMP_LIMITS.entries) return;
          const take = async (shown: string) => named(await dir.file(e.name), shown);
          // Names only (opening: which files the modules need): no stat of the files nobody reads.
          if (!times) yield { path: prefix + e.name, kind: "file", mtime: undefined, size: 0, take };
          else if (Number.isNaN(known[2 * i])) onProblem(`${prefix + e.name}: file not readable, skipped`);
          else yield { path: prefix + e.name, kind: "file", mtime: timeOf(known, i), size: known[2 * i]!, take };
        }
        if (!deeper && subs.length) onProblem(`${prefix}: more than ${DUMP_LIMITS.depth} folders deep, not walked further`);
      }
    },
  };
}

/** Folders listed ahead of the walk: enough to keep a host's threads busy, few enough to hold little. */
const LIST_AHEAD = 6;

/** A folder's entries with their sizes and times: the host's own way, else one `dir` or `file` asked per entry. */
async function timedListing(dir: SourceDir, files: boolean): Promise<TimedListing> {
  if (dir.listTimed) return dir.listTimed(files);
  const listed = await dir.list();
  const times = new Float64Array(listed.length * 2).fill(NaN);
  const subs: SourceDir[] = [];
  for (const [i, e] of listed.entries()) {
    const found = e.kind === "dir" ? await dir.dir(e.name) : files ? await dir.file(e.name) : undefined;
    if (!found) continue;
    if ("list" in found) subs[i] = found;
    times[2 * i] = "size" in found ? found.size : 0;
    times[2 * i + 1] = found.mtime ?? NaN;
  }
  return { listed, times, sub: (i) => subs[i]! };
}

/** An entry's time in a TimedListing (NaN: not known). */
const timeOf = (times: Float64Array, i: number): number | undefined => (Number.isNaN(times[2 * i + 1]) ? undefined : times[2 * i + 1]);

/** A folder on the walk's stack, with its listing once asked for ahead of its turn. */
interface Folder {
  readonly dir: SourceDir;
  readonly prefix: string;
  readonly depth: number;
  ready?: Promise<TimedListing>;
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
