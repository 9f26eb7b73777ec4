/**
 * The pages of a SQLite database as its live view sees them: the file's 100-byte header, pages read from the main
 * file in chunks, overlaid by the last committed copy of each page in the -wal file. Nothing read from the file is
 * trusted: the page count is capped by the file size, and every read counts against a byte budget.
 */
import { SpyglassError } from "../core/errors.ts";
import type { SourceFile } from "../core/source.ts";
import type { WalIndex } from "./sqlite-wal.ts";

export interface SqliteHeader {
  readonly pageSize: number;
  /** Page size minus the bytes reserved at the end of each page (encryption extensions). */
  readonly usable: number;
  /** Pages in the live database (header, or the last WAL commit), never more than the file holds. */
  readonly pageCount: number;
  readonly freelistTrunk: number;
  readonly freelistCount: number;
  /** 1 UTF-8, 2 UTF-16le, 3 UTF-16be. */
  readonly encoding: number;
}

const MAGIC = "SQLite format 3\u0000";

/** Whether `head` starts with the 16 bytes every SQLite database file starts with. */
export function isSqliteHeader(head: Uint8Array): boolean {
  if (head.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (head[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

export function parseHeader(h: Uint8Array, fileSize: number, file: string): Omit<SqliteHeader, "pageCount"> & { headerPages: number; maxPages: number } {
  if (h.length < 100 || !isSqliteHeader(h)) throw new SpyglassError("E_CORRUPT", "not a SQLite database (no header)", { file });
  const v = new DataView(h.buffer, h.byteOffset, 100);
  const raw = v.getUint16(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw new SpyglassError("E_CORRUPT", `SQLite header: page size ${raw} is not a power of two from 512`, { file });
  const reserved = h[20]!;
  const usable = pageSize - reserved;
  if (usable < 480) throw new SpyglassError("E_CORRUPT", `SQLite header: ${reserved} reserved bytes leave too little of a page`, { file });
  const encoding = v.getUint32(56);
  // The in-header page count is valid only when the change counter matches "version-valid-for" (SQLite ≥ 3.7.0).
  const headerPages = v.getUint32(24) === v.getUint32(92) ? v.getUint32(28) : 0;
  return {
    pageSize,
    usable,
    freelistTrunk: v.getUint32(32),
    freelistCount: v.getUint32(36),
    encoding: encoding >= 1 && encoding <= 3 ? encoding : 1,
    headerPages,
    maxPages: Math.floor(fileSize / pageSize),
  };
}

export interface PageSource {
  readonly header: SqliteHeader;
  readonly wal: WalIndex | undefined;
  /**
   * The live copy of page `n` (1-based), or undefined past the end. Pages are read-only views: never write to them.
   * `ahead`: a sequential walk is coming, read the following pages in the same slice.
   */
  page(n: number, ahead?: boolean): Promise<Uint8Array | undefined>;
  /** A page stored in the -wal file at `offset`. */
  walPage(offset: number): Promise<Uint8Array>;
  /** Page `n` as the main file holds it, even when the -wal has a newer copy (undefined past the file's end). */
  filePage(n: number): Promise<Uint8Array | undefined>;
  /** Byte offset of live page `n` in its file, and the WAL frame (1-based) when that file is the -wal. */
  where(n: number): { offset: number; walFrame?: number };
  readonly bytesRead: () => number;
}

/** Pages read from the main file per slice (sequential walks read whole chunks). */
const CHUNK_PAGES = 64;

export async function openPages(db: SourceFile, wal: SourceFile | undefined, walIndex: WalIndex | undefined, maxBytes: number): Promise<PageSource> {
  const first = await db.slice(0, 100);
  const h = parseHeader(first, db.size, db.path);
  let read = 100;
  const count = (n: number) => {
    read += n;
    if (read > maxBytes) throw new SpyglassError("E_LIMIT", `carving read more than ${maxBytes} bytes`, { file: db.path });
  };
  const claimed = walIndex?.committedPages ?? (h.headerPages || h.maxPages);
  // A WAL may have grown the database past the main file; frames then hold those pages.
  let ceiling = h.maxPages;
  for (const p of walIndex?.live.keys() ?? []) ceiling = Math.max(ceiling, p);
  const header: SqliteHeader = { ...h, pageCount: Math.min(claimed, ceiling) };
  let chunkFirst = 0;
  let lastPage = -10;
  let chunk: Uint8Array = new Uint8Array(0);
  const fromWal = async (offset: number) => {
    count(h.pageSize);
    const p = await wal!.slice(offset, offset + h.pageSize);
    if (p.length < h.pageSize) throw new SpyglassError("E_CORRUPT", "the -wal file ends inside a frame", { file: wal!.path });
    return p;
  };
  return {
    header,
    wal: walIndex,
    bytesRead: () => read,
    where: (n) => {
      const w = walIndex?.live.get(n);
      return w !== undefined ? { offset: w.offset, walFrame: w.index } : { offset: (n - 1) * h.pageSize };
    },
    walPage: fromWal,
    async filePage(n) {
      if (n < 1 || n > h.maxPages) return undefined;
      count(h.pageSize);
      const p = await db.slice((n - 1) * h.pageSize, n * h.pageSize);
      return p.length === h.pageSize ? p : undefined;
    },
    async page(n, ahead = false) {
      if (n < 1 || n > header.pageCount) return undefined;
      const w = walIndex?.live.get(n);
      if (w !== undefined) return fromWal(w.offset);
      if (n > h.maxPages) return undefined;
      const inChunk = n >= chunkFirst && n < chunkFirst + Math.floor(chunk.length / h.pageSize);
      // A walk that moves forward (page numbers ascending, as trees built in order and freelists mostly are) reads
      // a chunk at a time; jumps read one page, so a scattered tree does not read 64 pages per page.
      if (!inChunk && (ahead || (n > lastPage && n - lastPage <= 2))) {
        const from = (n - 1) * h.pageSize;
        const to = Math.min(db.size, from + CHUNK_PAGES * h.pageSize);
        count(to - from);
        chunk = await db.slice(from, to);
        chunkFirst = n;
      }
      lastPage = n;
      if (n >= chunkFirst && n < chunkFirst + Math.floor(chunk.length / h.pageSize)) {
        const at = (n - chunkFirst) * h.pageSize;
        return chunk.subarray(at, at + h.pageSize);
      }
      count(h.pageSize);
      const p = await db.slice((n - 1) * h.pageSize, n * h.pageSize);
      return p.length === h.pageSize ? p : undefined;
    },
  };
}
