/**
 * An iOS full-filesystem dump as an acquisition, kind "ios-fs": a folder, a `.tar` (random access by member offset),
 * a `.zip`, or a `.tar.gz` (read as a stream). Paths are relative to the dump's root, the folder holding
 * `private/var` (the root itself, or one wrapper folder: `dump/private/var/…`), as MVT's check-fs sees them.
 *
 * Dumps hold 10^5–10^6 files: one walk at opening keeps the files the modules declared (their globs, given by the
 * caller) — at random-access offsets, or for a `.tar.gz` in memory under a bound and spilled to the host's scratch
 * space beyond it — and, when the Filesystem module is declared, every entry with its time, front-coded
 * (ios-fs-entries.ts: ~15 bytes an entry, bounded), which `listing` replays: the dump is walked (tar headers parsed)
 * once. Past the bound, `listing` walks the tree again, keeping nothing. Evidence is only read: nothing is ever
 * extracted beside it.
 */
import type { Acquisition } from "../core/acquisition.ts";
import type { RowRange, Selector } from "../core/artifact.ts";
import { SpyglassError } from "../core/errors.ts";
import type { Host } from "../core/host.ts";
import type { FileListing, ListedEntry } from "../core/listing.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { memoryFile } from "../core/source.ts";
import { isPlistDict, parsePlist } from "../formats/plist.ts";
import type { TarLimits } from "../formats/tar.ts";
import { openZip } from "../formats/zip.ts";
import { scanZipLocal } from "../formats/zip-local.ts";
import { globMatch, globToRegExp } from "./glob.ts";
import { DUMP_LIMITS, folderWalker, plainArchiveError, tarGzWalker, tarWalker, unprefixed, zipWalker, type DumpForm, type Keep, type Walker } from "./ios-fs-forms.ts";
import { NameHashes } from "./name-hashes.ts";
import { KeptEntries, replayListing, SEGMENT, type KeptListingShare } from "./ios-fs-entries.ts";
import { spillTo } from "./spill.ts";

/** The glob the Filesystem module selects: the input yields one stand-in file and the module walks `listing`. */
export const WALK_GLOB = "@walk";

/** The OS version and build of the dump (device facts: the exploited-version check and the verdict use them). */
const SYSTEM_VERSION = "System/Library/CoreServices/SystemVersion.plist";

/** Files read beside the modules' own: WhatsApp's LID.sqlite (found beside ChatStorage), the OS version. */
const ALSO_KEPT = ["private/var/mobile/Containers/Shared/AppGroup/*/LID.sqlite", SYSTEM_VERSION];

/**
 * A dump's tar holds a whole phone (an iPhone's filesystem: 10^6 files and more), past the 10^6 headers a tar inside
 * an Android backup may hold: the reader keeps nothing per header, so the bound is the walk's own.
 */
const DUMP_TAR_LIMITS = { entries: DUMP_LIMITS.entries };

/** `.tar.gz` members kept in memory: each up to `member` bytes, all together up to `total`; larger ones spill. */
export const TAR_GZ_MEMORY = { member: 1024 * 1024, total: 64 * 1024 * 1024 };

export interface IosFs extends Acquisition {
  readonly form: DumpForm;
  /** The wrapper folder the dump's root sits in ("" when the input is the root). */
  readonly rootedAt: string;
  /** Problems met while opening (skipped members, a truncated archive), one line each naming the file. */
  readonly warnings: readonly string[];
  /** Files kept for the modules (their declared globs), relative to the root, sorted. */
  readonly kept: readonly string[];
  readonly listing: FileListing;
}

export interface IosFsOptions {
  /** Globs of the files modules read (the ios-fs sources of the artifact table). */
  readonly globs: readonly string[];
  readonly tarLimits?: Partial<TarLimits>;
}

const isDir = (x: SourceFile | SourceDir): x is SourceDir => typeof (x as SourceDir).list === "function";

/** The first bytes of a file (its format's magic). */
async function head(file: SourceFile, n: number): Promise<Uint8Array> {
  return file.size === 0 ? new Uint8Array() : file.slice(0, n);
}

/** What kind of archive a file is, by its magic, else by its name. */
export async function dumpFormOf(file: SourceFile): Promise<DumpForm | undefined> {
  const h = await head(file, 512);
  if (h[0] === 0x50 && h[1] === 0x4b) return "zip";
  if (h[0] === 0x1f && h[1] === 0x8b) return "tar.gz";
  if (h.length >= 263 && new TextDecoder("latin1").decode(h.subarray(257, 262)) === "ustar") return "tar";
  if (/\.(tgz|tar\.gz)$/i.test(file.path)) return "tar.gz";
  if (/\.tar$/i.test(file.path)) return "tar";
  if (/\.zip$/i.test(file.path)) return "zip";
  return undefined;
}

/** The dump's root folder: the input, or its one sub-folder that holds private/var. */
async function folderRoot(dir: SourceDir): Promise<{ root: SourceDir; rootedAt: string }> {
  if (await dir.dir("private/var")) return { root: dir, rootedAt: "" };
  for (const e of await dir.list()) {
    if (e.kind !== "dir") continue;
    const sub = await dir.dir(e.name);
    if (sub && (await sub.dir("private/var"))) return { root: sub, rootedAt: e.name };
  }
  return { root: dir, rootedAt: "" };
}

/** Where private/var sits in an archive path: "" (at the root), "<top>/" (in one wrapper folder), or undefined. */
function rootOf(path: string): string | undefined {
  if (path === "private/var" || path.startsWith("private/var/")) return "";
  const slash = path.indexOf("/");
  if (slash < 0) return undefined;
  const rest = path.slice(slash + 1);
  return rest === "private/var" || rest.startsWith("private/var/") ? path.slice(0, slash + 1) : undefined;
}

export async function openIosFs(input: SourceFile | SourceDir, host: Host, opts: IosFsOptions): Promise<IosFs> {
  const warnings: string[] = [];
  const spill = spillTo(host);
  let walker: Walker;
  let rootedAt = "";
  let rootDir: SourceDir | undefined;
  const name = input.path;
  if (isDir(input)) {
    const r = await folderRoot(input);
    rootDir = r.root;
    rootedAt = r.rootedAt;
    walker = folderWalker(r.root);
  } else {
    const form = await dumpFormOf(input);
    if (form === "zip") {
      const archive = await openZip(input, { spill: spill.spill }).catch(async (err: unknown) => {
        // A zip cut short has lost its central directory (at the end): its members are read from the front.
        if (!(err instanceof SpyglassError && /^truncated/.test(err.message))) throw err;
        const found = await scanZipLocal(input, { spill: spill.spill });
        warnings.push(`${err.message}; ${found.entries.length} members were read one by one from the start${found.stopped ? ` (${found.stopped})` : ""}`);
        return found;
      });
      warnings.push(...archive.warnings.map((w) => unprefixed(archive.name, w)));
      walker = zipWalker(archive);
    } else if (form === "tar") walker = tarWalker(input, { ...DUMP_TAR_LIMITS, ...opts.tarLimits });
    else if (form === "tar.gz") walker = tarGzWalker(input, keepIn(input, spill.spill, warnings), { ...DUMP_TAR_LIMITS, ...opts.tarLimits });
    else throw new SpyglassError("E_CORRUPT", "not a filesystem dump: neither a folder nor a .tar, .tar.gz or .zip", { file: name });
  }

  // One pass: the root's position (archives), and the files modules need. A path is tested as it is and without a
  // first folder, since the wrapper is known only once private/var has passed (a dump lists /Applications, /System… first).
  const wanted = [...new Set([...opts.globs, ...ALSO_KEPT])];
  const any = new RegExp(`^(?:${wanted.map((g) => globToRegExp(g).source.slice(1, -1)).join("|")})(?:-wal)?$`);
  const candidates = new Map<string, Map<string, SourceFile>>(); // root prefix → relative path → file
  const seenRoots = new Set<string>();
  // Folders: the declared files are looked up along their globs (a few folders listed), no walk of the tree; the
  // names are then indexed during the first whole walk (Filesystem's). A "**" glob needs the walk here.
  // The Filesystem module lists every entry: then the one walk is this one, and its entries are kept for it.
  const keptEntries = wanted.includes(WALK_GLOB) ? new KeptEntries() : undefined;
  let walkCut = false;
  const guided = rootDir && !keptEntries && !wanted.some((g) => g.includes("**")) ? await globSearch(rootDir, wanted.filter((g) => !g.startsWith("@")), warnings) : undefined;
  if (guided) candidates.set("", guided);
  let names: NameHashes | undefined = guided ? undefined : new NameHashes();
  // Archives have no folders to ask for a time: the times of the folders holding wanted files (WebKit's website-data
  // folders) are kept from their headers, per root prefix as files are.
  // ("**" globs excepted: every folder would match, and the kept times would grow with the dump.)
  const folderGlobs = wanted.map((g) => g.slice(0, Math.max(0, g.lastIndexOf("/")))).filter((g) => g && !g.includes("**") && !g.startsWith("@"));
  const folders = new RegExp(`^(?:${folderGlobs.map((g) => globToRegExp(g).source.slice(1, -1)).join("|")})$`);
  const folderTimes = new Map<string, Map<string, number>>();
  walk: for await (const e of guided ? [] : walker.walk((m) => warnings.push(m), !!keptEntries)) {
    keptEntries?.add(e.path, e.kind, e.mtime);
    const r = isDir(input) ? "" : rootOf(e.path);
    if (r !== undefined) seenRoots.add(r);
    if (e.kind === "dir" && e.mtime !== undefined && !isDir(input)) {
      const path = e.path.replace(/\/$/, "");
      const slash = path.indexOf("/");
      for (const prefix of slash < 0 ? [""] : ["", path.slice(0, slash + 1)]) {
        const rel = path.slice(prefix.length);
        if (folders.test(rel)) folderTimes.set(prefix, (folderTimes.get(prefix) ?? new Map<string, number>()).set(rel, e.mtime));
      }
    }
    if (e.kind !== "file" || !e.take) continue;
    names!.add(e.path.slice(e.path.lastIndexOf("/") + 1));
    const slash = e.path.indexOf("/");
    for (const prefix of isDir(input) || slash < 0 ? [""] : ["", e.path.slice(0, slash + 1)]) {
      const rel = e.path.slice(prefix.length);
      if (!any.test(rel)) continue;
      let f: SourceFile | undefined;
      try {
        f = await e.take(rel);
      } catch (err) {
        // Reading a member of a stream failed (a .tar.gz cut short): the stream is over, say so once.
        warnings.push(`${unprefixed(name, plainArchiveError(err))}; the members before it were read`); // as the walk says it
        walkCut = true;
        break walk;
      }
      if (!f) {
        warnings.push(`${rel}: not readable, skipped`);
        continue;
      }
      const m = candidates.get(prefix) ?? new Map<string, SourceFile>();
      candidates.set(prefix, m.set(rel, f));
      break;
    }
  }
  if (!isDir(input)) {
    rootedAt = seenRoots.has("") ? "" : ([...seenRoots][0] ?? "");
    if (seenRoots.size === 0) warnings.push("no private/var folder in this archive: is it an iOS filesystem dump?");
  }
  const prefix = isDir(input) || rootedAt === "" ? "" : rootedAt;
  rootedAt = rootedAt.replace(/\/$/, "");
  const keptFiles = candidates.get(prefix) ?? new Map<string, SourceFile>();
  const kept = [...keptFiles.keys()].sort();

  // The walk at opening, kept whole: what the listing replays (here, or a range of it on another thread).
  const replay: KeptListingShare | undefined = keptEntries && !keptEntries.dropped && !walkCut ? { kept: keptEntries.share(), prefix } : undefined;
  const listing: FileListing = {
    async *entries(onProblem = () => {}, range): AsyncIterable<ListedEntry> {
      // The walk at opening, replayed: its problems were told then, as warnings of the input.
      if (replay) {
        yield* replayListing(replay, range?.from, range?.to);
        return;
      }
      // What opening already warned of (a truncated archive, a skipped member) is not told twice.
      const told = new Set(warnings);
      const indexing = names || range ? undefined : new NameHashes();
      let index = -1; // a range counts the walk's entries as the kept list would have
      for await (const e of walker.walk((m) => told.has(m) || onProblem(m))) {
        if (range && ++index >= range.to) break;
        if (range && index < range.from) continue;
        if (prefix && !e.path.startsWith(prefix)) continue;
        const path = e.path.slice(prefix.length);
        if (!path) continue;
        if (e.kind === "file") indexing?.add(path.slice(path.lastIndexOf("/") + 1));
        yield { path, kind: e.kind, mtime: e.mtime };
      }
      names ??= indexing; // a whole walk: every name seen
    },
    hasFileName: (name) => names?.has(name),
    split(perRange) {
      // Not on memory the threads share (a browser page that is not cross-origin isolated): each job would copy the
      // whole list (up to KEPT_ENTRIES_BYTES), so the listing is rendered on one thread.
      if (!replay || typeof SharedArrayBuffer !== "function" || !(replay.kept.bytes.buffer instanceof SharedArrayBuffer)) return undefined;
      const count = replay.kept.count;
      // Large ranges start where the front coding restarts (each then decodes alone); small ones (tests) anywhere.
      const per = perRange >= SEGMENT ? Math.round(perRange / SEGMENT) * SEGMENT : Math.max(1, perRange);
      const ranges: RowRange[] = [];
      for (let from = 0; from < count; from += per) ranges.push({ from, to: Math.min(from + per, count), first: from === 0, last: from + per >= count });
      return { ranges, share: replay };
    },
  };
  // The Filesystem module's one file: the archive itself (hashed as the evidence), or for a folder a stand-in.
  const walkFile = memoryFile("", new Uint8Array(), isDir(input) ? {} : { evidence: input });
  const root = rootDir ?? emptyDir(name, folderTimes.get(prefix));

  async function* select(sel: Selector): AsyncIterable<SourceFile> {
    if (sel.from !== "ios-fs" || !("glob" in sel)) return;
    if (sel.glob === WALK_GLOB) {
      yield walkFile;
      return;
    }
    let found = false;
    for (const path of kept) {
      if (!globMatch(sel.glob, path)) continue;
      found = true;
      yield keptFiles.get(path)!;
    }
    // A literal path nobody declared (a module's second file): a folder is asked directly.
    if (!found && rootDir && !/[*?]/.test(sel.glob)) {
      const f = await rootDir.file(sel.glob);
      if (f) yield f;
    }
  }
  const version = keptFiles.get(SYSTEM_VERSION);
  const device = version ? await systemVersion(version, warnings) : {};
  return {
    kind: "ios-fs",
    form: walker.form,
    root,
    rootedAt,
    warnings,
    kept,
    listing,
    device,
    opened: isDir(input) ? (version ? [version] : []) : [input],
    select,
    async sidecar(file, suffix) {
      return keptFiles.get(file.path + suffix) ?? (rootDir && keptFiles.has(file.path) ? await rootDir.file(file.path + suffix) : undefined);
    },
    close() {
      spill.dispose();
    },
  };
}

/** How a `.tar.gz` member a module needs is held: small ones in memory under a total bound, the rest in scratch. */
function keepIn(archive: SourceFile, spill: (path: string, data: ReadableStream<Uint8Array>) => Promise<SourceFile | undefined>, warnings: string[]): Keep {
  let inMemory = 0;
  return async (shown, size, mtime, data, bytes) => {
    // Named and hashed as the archive's member (not the scratch copy); its time is the member's.
    const withTime = (f: SourceFile): SourceFile => ({ ...f, path: shown, evidence: archive, ...(mtime !== undefined ? { mtime } : {}) });
    if (size <= TAR_GZ_MEMORY.member && inMemory + size <= TAR_GZ_MEMORY.total) {
      inMemory += size;
      return withTime(memoryFile(shown, await bytes()));
    }
    const f = await spill(shown, data());
    if (!f) warnings.push(`${shown}: ${size} bytes, too large to hold in memory and this host has no scratch space: not analysed`);
    return f && withTime(f);
  };
}

/** ProductVersion and ProductBuildVersion of SystemVersion.plist, as the backup's device facts name them. */
async function systemVersion(file: SourceFile, warnings: string[]): Promise<Record<string, unknown>> {
  try {
    const v = parsePlist(await file.bytes(1 << 20));
    const str = (k: string) => (isPlistDict(v) && typeof v[k] === "string" ? (v[k] as string) : null);
    return { ios_version: str("ProductVersion"), build_version: str("ProductBuildVersion"), product_name: str("ProductName") };
  } catch (err) {
    warnings.push(`${file.path} could not be read (${err instanceof Error ? err.message : String(err)}); the iOS version is unknown`);
    return {};
  }
}

/**
 * The files of a folder that the globs name, found by following each glob one segment at a time (a literal segment is
 * looked up, a wildcard one lists that folder only), with their "-wal" sidecars.
 */
async function globSearch(root: SourceDir, globs: readonly string[], warnings: string[]): Promise<Map<string, SourceFile>> {
  const found = new Map<string, SourceFile>();
  const put = (path: string, f: SourceFile | undefined) => f && found.set(path, f.path === path ? f : { ...f, path });
  const follow = async (dir: SourceDir, prefix: string, parts: readonly string[]): Promise<void> => {
    const [head, ...rest] = parts;
    if (head === undefined) return;
    let names: string[];
    if (!/[*?]/.test(head)) names = [head];
    else {
      try {
        names = (await dir.list()).filter((e) => e.kind === (rest.length ? "dir" : "file") && globMatch(head, e.name)).map((e) => e.name);
      } catch (err) {
        warnings.push(`${prefix || "."}: folder not readable, skipped (${err instanceof Error ? err.message : String(err)})`);
        return;
      }
    }
    for (const name of names) {
      if (rest.length) {
        const sub = await dir.dir(name);
        if (sub) await follow(sub, `${prefix}${name}/`, rest);
      } else if (!found.has(prefix + name)) {
        put(prefix + name, await dir.file(name));
        put(`${prefix}${name}-wal`, found.has(prefix + name) ? await dir.file(`${name}-wal`) : undefined);
      }
    }
  };
  for (const g of globs) await follow(root, "", g.split("/"));
  return found;
}

/**
 * A root with nothing in it, for archives (their files are reached through `select`, never by folder); the folders
 * whose times were kept answer with their time alone.
 */
function emptyDir(path: string, times?: ReadonlyMap<string, number>): SourceDir {
  return {
    path,
    list: async () => [],
    file: async () => undefined,
    dir: async (rel) => {
      const mtime = times?.get(rel);
      return mtime === undefined ? undefined : { ...emptyDir(`${path}/${rel}`), mtime };
    },
  };
}
