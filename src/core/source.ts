/** Ports for evidence: a file (Blob-like, read-only) and a folder; hosts (Node, browser) implement them. */
import { SpyglassError } from "./errors.ts";

/** Where a file came from inside an acquisition (iOS backups: domain + relative path). */
export interface SourceMeta {
  readonly domain?: string;
  readonly relativePath?: string;
  readonly fileId?: string;
}

/** One read-only evidence file. `path` is what users see in messages and output (relative to the input root). */
export interface SourceFile {
  readonly path: string;
  readonly size: number;
  readonly meta?: SourceMeta;
  /** The stored file this one is a view of (a decrypted payload's encrypted original): what info.json hashes. */
  readonly evidence?: SourceFile;
  /** Modification time in Unix seconds, when the host knows it. */
  readonly mtime?: number;
  /** The whole file; hosts refuse files over the limit with E_LIMIT. */
  bytes(limit?: number): Promise<Uint8Array>;
  stream(): ReadableStream<Uint8Array>;
  /** Bytes [start, end) without reading the rest (random access for zip central directories). */
  slice(start: number, end: number): Promise<Uint8Array>;
}

/** A read-only folder of evidence. Names never contain "/"; hosts refuse to leave the root. */
export interface SourceDir {
  readonly path: string;
  /** Modification time in Unix seconds, when the host knows it. */
  readonly mtime?: number;
  list(): Promise<{ name: string; kind: "file" | "dir" }[]>;
  file(relPath: string): Promise<SourceFile | undefined>;
  dir(relPath: string): Promise<SourceDir | undefined>;
  /**
   * The folder's entries as `list` gives them, each with its size (0 for a folder) and time (Unix seconds) as pairs in
   * one array: both NaN for an entry gone, or no longer what it was listed as (for a file also when `files` is false),
   * the time NaN when not known. What a walk needs of each, which a host may ask on other threads (a dump's walk is
   * one readdir per folder and one stat per entry). `sub(i)` is the listed folder at index i, with its time.
   * Optional: a walk otherwise asks `dir` and `file` for each.
   */
  listTimed?(files: boolean): Promise<TimedListing>;
}

/** A folder's entries with their sizes and times (SourceDir.listTimed). */
export interface TimedListing {
  readonly listed: readonly { name: string; kind: "file" | "dir" }[];
  /** [size, mtime] per entry of `listed` (see listTimed). */
  readonly times: Float64Array;
  sub(index: number): SourceDir;
}

/** Default bound for reading a whole file into memory (plists, JSON): 256 MiB. */
export const MAX_WHOLE_FILE = 256 * 1024 * 1024;

export async function readText(file: SourceFile, limit = MAX_WHOLE_FILE): Promise<string> {
  return new TextDecoder("utf-8").decode(await file.bytes(limit));
}

/** How a file is named to users: the backup domain and path when known, then the stored path. */
export function displayName(file: SourceFile): string {
  const m = file.meta;
  return m?.domain !== undefined && m.relativePath !== undefined ? `${m.domain}/${m.relativePath} (${file.path})` : file.path;
}

/** Lowercase hex SHA-1 of a text, with WebCrypto (backup file ids). */
export async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A file held in memory (a decrypted Manifest.db, a member of an archive). */
export function memoryFile(path: string, data: Uint8Array, extra: { meta?: SourceMeta; evidence?: SourceFile } = {}): SourceFile {
  return {
    path,
    size: data.length,
    ...extra,
    async bytes(limit = MAX_WHOLE_FILE) {
      if (data.length > limit) throw new SpyglassError("E_LIMIT", `file is ${data.length} bytes, over the ${limit}-byte limit`, { file: path });
      return data;
    },
    stream() {
      return new ReadableStream({
        start(c) {
          c.enqueue(data);
          c.close();
        },
      });
    },
    async slice(start, end) {
      return data.subarray(Math.max(0, start), Math.min(data.length, end));
    },
  };
}
