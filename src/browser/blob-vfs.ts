/**
 * A read-only SQLite VFS for wa-sqlite's synchronous build over evidence Blobs. SQLite sees a read-write file so
 * it can replay a `-wal` sidecar (as the Node host does on a temp copy), but every write lands in an in-memory
 * overlay of 4 KiB blocks: the evidence is never written. Reads come from 1 MiB blocks read with FileReaderSync
 * (65 s → 7.9 s on a 238 MB sms.db against 4 KiB reads one by one, STACK.md), the last few kept.
 */
import { FacadeVFS } from "@journeyapps/wa-sqlite/src/FacadeVFS.js";

/** SQLite's result codes and open flags this VFS uses (sqlite3.h). */
const VFS = { SQLITE_OK: 0, SQLITE_CANTOPEN: 14, SQLITE_IOERR_SHORT_READ: 522, SQLITE_OPEN_CREATE: 0x4 } as const;

/** Synchronous random access to a file's bytes: copies into `dst` from `offset`, returns the bytes copied. */
export interface SyncReader {
  readonly size: number;
  readInto(dst: Uint8Array, offset: number): number;
  /** Releases what it holds (a synchronous handle), when its database is closed. */
  close?(): void;
}

/**
 * How a file is read: blocks of `blockBytes`, the last `kept` kept. Reading a block with FileReaderSync costs ~1 ms
 * however small, 4.7 ms for 1 MiB and 9 ms for 4 MiB (measured in Chromium 156 on a 450 MB sms.db).
 */
export interface BlockCache {
  readonly blockBytes: number;
  readonly kept: number;
}

/**
 * The analysis worker: 1 MiB blocks, 32 kept (SQLite reads a b-tree's pages near each other, and its own page cache
 * holds the rest; a 10^5-message backup's reads took 0.72 s instead of 1.63 s with 8).
 */
export const ANALYSIS_BLOCKS: BlockCache = { blockBytes: 1 << 20, kept: 32 };
/**
 * A nested worker reads one range of a table after another: 1 MiB blocks, 8 kept; the pages every range looks up
 * again stay in SQLite's page cache (scan-worker.ts). Not larger blocks: a table split on another key than ROWID
 * (Safari's visits by time) looks rows up at random, and 4 MiB blocks (3 kept) made those lookups read 4 MiB each:
 * Safari's 3·10^5 visits took 183 s instead of 6 s, and the renderer grew to 4.5 GiB (10^6 messages, 08:49 UTC).
 */
export const RANGE_BLOCKS: BlockCache = { blockBytes: 1 << 20, kept: 8 };
const OVERLAY_BLOCK = 4096;

/** A Blob read in blocks with FileReaderSync (worker-only: a page's main thread has no synchronous reads). */
export function blobReader(blob: Blob, { blockBytes, kept }: BlockCache = ANALYSIS_BLOCKS): SyncReader {
  const reader = new FileReaderSync();
  const blocks = new Map<number, Uint8Array>();
  const block = (i: number) => {
    let b = blocks.get(i);
    if (b) {
      blocks.delete(i); // most recently used last
    } else {
      b = new Uint8Array(reader.readAsArrayBuffer(blob.slice(i * blockBytes, (i + 1) * blockBytes)));
      if (blocks.size >= kept) blocks.delete(blocks.keys().next().value!);
    }
    blocks.set(i, b);
    return b;
  };
  return { size: blob.size, readInto: (dst, offset) => copyBlocks(block, blockBytes, blob.size, dst, offset) };
}

/** Bytes in memory as a reader (tests, and evidence a host already holds). */
export function bytesReader(bytes: Uint8Array): SyncReader {
  return {
    size: bytes.length,
    readInto(dst, offset) {
      const part = bytes.subarray(offset, offset + dst.length);
      dst.set(part);
      return part.length;
    },
  };
}

function copyBlocks(block: (i: number) => Uint8Array, size: number, total: number, dst: Uint8Array, offset: number): number {
  const end = Math.min(total, offset + dst.length);
  let at = offset;
  while (at < end) {
    const i = Math.floor(at / size);
    const b = block(i);
    const from = at - i * size;
    const n = Math.min(end - at, b.length - from);
    if (n <= 0) break;
    dst.set(b.subarray(from, from + n), at - offset);
    at += n;
  }
  return at - offset;
}

/** One file as SQLite sees it: the evidence (if any) under the blocks SQLite wrote. */
class OverlaidFile {
  size: number;
  readonly written = new Map<number, Uint8Array>();
  constructor(readonly base?: SyncReader) {
    this.size = base?.size ?? 0;
  }
  private baseBlock(i: number): Uint8Array {
    const b = new Uint8Array(OVERLAY_BLOCK);
    this.base?.readInto(b, i * OVERLAY_BLOCK);
    return b;
  }
  read(dst: Uint8Array, offset: number): number {
    const end = Math.min(this.size, offset + dst.length);
    if (!this.written.size && this.base) return this.base.readInto(dst.subarray(0, Math.max(0, end - offset)), offset);
    let at = offset;
    while (at < end) {
      const i = Math.floor(at / OVERLAY_BLOCK);
      const from = at - i * OVERLAY_BLOCK;
      const n = Math.min(end - at, OVERLAY_BLOCK - from);
      const w = this.written.get(i);
      if (w) dst.set(w.subarray(from, from + n), at - offset);
      else if (this.base) this.base.readInto(dst.subarray(at - offset, at - offset + n), at);
      at += n;
    }
    return Math.max(0, end - offset);
  }
  write(data: Uint8Array, offset: number): void {
    let at = 0;
    while (at < data.length) {
      const pos = offset + at;
      const i = Math.floor(pos / OVERLAY_BLOCK);
      let w = this.written.get(i);
      if (!w) this.written.set(i, (w = this.baseBlock(i)));
      const from = pos - i * OVERLAY_BLOCK;
      const n = Math.min(data.length - at, OVERLAY_BLOCK - from);
      w.set(data.subarray(at, at + n), from);
      at += n;
    }
    this.size = Math.max(this.size, offset + data.length);
  }
  truncate(size: number): void {
    this.size = size;
    for (const i of this.written.keys()) if (i * OVERLAY_BLOCK >= size) this.written.delete(i);
  }
}

/** The VFS: databases (and their `-wal`) are registered by name before they are opened; others live in memory. */
export class BlobVfs extends FacadeVFS {
  private readonly named = new Map<string, SyncReader>();
  private readonly files = new Map<string, OverlaidFile>();
  private readonly open = new Map<number, { name: string; file: OverlaidFile }>();

  /** Serves `reader` as the file `name` (and removes it with `forget`). */
  serve(name: string, reader: SyncReader): void {
    this.named.set(name, reader);
  }
  /** Drops a database's files (and their overlays) once it is closed. */
  forget(prefix: string): void {
    for (const k of [...this.named.keys()]) if (k.startsWith(prefix)) this.named.delete(k);
    for (const k of [...this.files.keys()]) if (k.startsWith(prefix)) this.files.delete(k);
  }

  override jOpen(filename: string | null, pFile: number, flags: number, pOutFlags: DataView): number {
    const name = filename ?? `/temp-${pFile}`;
    let file = this.files.get(name);
    if (!file) {
      const base = this.named.get(name);
      if (!base && !(flags & VFS.SQLITE_OPEN_CREATE)) return VFS.SQLITE_CANTOPEN;
      this.files.set(name, (file = new OverlaidFile(base)));
    }
    this.open.set(pFile, { name, file });
    pOutFlags.setInt32(0, flags, true);
    return VFS.SQLITE_OK;
  }
  override jClose(pFile: number): number {
    this.open.delete(pFile);
    return VFS.SQLITE_OK;
  }
  override jRead(pFile: number, pData: Uint8Array, iOffset: number): number {
    const n = this.open.get(pFile)!.file.read(pData, iOffset);
    if (n < pData.length) {
      pData.fill(0, n);
      return VFS.SQLITE_IOERR_SHORT_READ;
    }
    return VFS.SQLITE_OK;
  }
  override jWrite(pFile: number, pData: Uint8Array, iOffset: number): number {
    this.open.get(pFile)!.file.write(pData, iOffset);
    return VFS.SQLITE_OK;
  }
  override jTruncate(pFile: number, size: number): number {
    this.open.get(pFile)!.file.truncate(size);
    return VFS.SQLITE_OK;
  }
  override jFileSize(pFile: number, pSize: DataView): number {
    pSize.setBigInt64(0, BigInt(this.open.get(pFile)!.file.size), true);
    return VFS.SQLITE_OK;
  }
  override jDelete(filename: string): number {
    this.files.delete(filename);
    return VFS.SQLITE_OK;
  }
  override jAccess(filename: string, _flags: number, pResOut: DataView): number {
    pResOut.setInt32(0, this.files.has(filename) || this.named.has(filename) ? 1 : 0, true);
    return VFS.SQLITE_OK;
  }
}
