/**
 * A SQLite write-ahead log (https://www.sqlite.org/fileformat2.html#walformat), read without trusting it: the
 * 32-byte header, then frames (24-byte header + one page). Frames whose salts match the header and whose cumulative
 * checksum holds are valid; the valid frames up to the last commit frame are the committed ones that the live view
 * of the database uses. Every other frame (superseded copies, uncommitted tails, frames left from an older
 * generation of the log) is history the carver may read.
 */
import type { SourceFile } from "../core/source.ts";

export interface WalFrame {
  /** 1-based position in the -wal file. */
  readonly index: number;
  readonly page: number;
  /** Byte offset of the page content (after the frame header) in the -wal file. */
  readonly offset: number;
  /** Part of the committed log (the live view uses the last committed frame of each page). */
  readonly committed: boolean;
}

export interface WalIndex {
  readonly pageSize: number;
  readonly frames: WalFrame[];
  /** Database size in pages after the last commit, when the log has one. */
  readonly committedPages: number | undefined;
  /** Live page → the frame holding its last committed copy. */
  readonly live: Map<number, WalFrame>;
}

const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;

/** Reads the frame headers of a -wal file (pages are read later, by offset). Undefined when it is not a WAL. */
export async function readWal(wal: SourceFile, dbPageSize: number, maxFrames: number): Promise<WalIndex | undefined> {
  if (wal.size < 32) return undefined;
  const head = await wal.slice(0, 32);
  const v = new DataView(head.buffer, head.byteOffset, 32);
  const magic = v.getUint32(0);
  if (magic !== MAGIC_LE && magic !== MAGIC_BE) return undefined;
  const pageSize = v.getUint32(8) === 1 ? 65536 : v.getUint32(8);
  if (pageSize !== dbPageSize) return undefined; // a log of another database (or a damaged one): not ours to read
  const bigEndian = magic === MAGIC_BE;
  const salt1 = v.getUint32(16);
  const salt2 = v.getUint32(20);
  let sum = checksum(head.subarray(0, 24), bigEndian, [0, 0]);
  if (sum[0] !== v.getUint32(24) || sum[1] !== v.getUint32(28)) return undefined;

  const frameSize = 24 + pageSize;
  const count = Math.min(maxFrames, Math.floor((wal.size - 32) / frameSize));
  const frames: WalFrame[] = [];
  let valid = true;
  let lastCommit = 0;
  let committedPages: number | undefined;
  // Frames are read in batches: one slice per frame would cost a system call each on the Node host.
  const BATCH = Math.max(1, Math.floor((4 * 1024 * 1024) / frameSize));
  for (let first = 0; first < count; first += BATCH) {
    const n = Math.min(BATCH, count - first);
    const start = 32 + first * frameSize;
    const buf = await wal.slice(start, start + n * frameSize);
    for (let i = 0; i < n && (i + 1) * frameSize <= buf.length; i++) {
      const fh = new DataView(buf.buffer, buf.byteOffset + i * frameSize, 24);
      const page = fh.getUint32(0);
      const index = first + i + 1;
      const offset = start + i * frameSize + 24;
      if (valid) {
        valid = fh.getUint32(8) === salt1 && fh.getUint32(12) === salt2 && page > 0;
        if (valid) {
          sum = checksum(buf.subarray(i * frameSize, i * frameSize + 8), bigEndian, sum);
          sum = checksum(buf.subarray(i * frameSize + 24, (i + 1) * frameSize), bigEndian, sum);
          valid = sum[0] === fh.getUint32(16) && sum[1] === fh.getUint32(20);
        }
        if (valid && fh.getUint32(4) !== 0) {
          lastCommit = index;
          committedPages = fh.getUint32(4);
        }
      }
      if (page > 0) frames.push({ index, page, offset, committed: false });
    }
  }
  const live = new Map<number, WalFrame>();
  const result = frames.map((f) => (f.index <= lastCommit ? { ...f, committed: true } : f));
  for (const f of result) if (f.committed) live.set(f.page, f);
  return { pageSize, frames: result, committedPages, live };
}

/** The WAL checksum: pairs of 32-bit words in the log's byte order, summed into two running words. */
function checksum(data: Uint8Array, bigEndian: boolean, start: [number, number]): [number, number] {
  const v = new DataView(data.buffer, data.byteOffset, data.length);
  let s0 = start[0];
  let s1 = start[1];
  for (let i = 0; i + 8 <= data.length; i += 8) {
    s0 = (s0 + v.getUint32(i, !bigEndian) + s1) >>> 0;
    s1 = (s1 + v.getUint32(i + 4, !bigEndian) + s0) >>> 0;
  }
  return [s0, s1];
}
