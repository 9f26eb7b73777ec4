/**
 * The carver's first pass: every live row of the tables carved, as a rowid key and a text fingerprint in compact
 * hash sets, and which of their leaf pages have free space worth carving. Copies of live rows left in free space
 * (cells moved by a page split, old WAL frames, old versions of updated rows) are then recognised and not reported.
 * This pass reads every leaf of those tables, so its per-row work is written to allocate nothing.
 */
import { LEAF_TABLE, localPayload } from "./sqlite-btree.ts";
import type { BtreePage } from "./sqlite-btree.ts";
import { rowFingerprint } from "./sqlite-carve-region.ts";
import { hashA, hashB, hashInt, hashSet, hashStart } from "./sqlite-live-set.ts";
import type { HashSet } from "./sqlite-live-set.ts";
import type { PageSource } from "./sqlite-pages.ts";
import { MAX_COLUMNS, readVarint } from "./sqlite-record.ts";
import type { TableSchema } from "./sqlite-schema.ts";
import { pageMarks, tablePages } from "./sqlite-tree.ts";

export interface LiveRows {
  readonly rowids: HashSet;
  readonly texts: HashSet;
  /** Live leaf page → index of its table among those carved. */
  readonly pageTable: { get(page: number): number | undefined };
  /** Leaf pages with bytes outside their live cells, ascending. */
  readonly pagesWithFreeSpace: number[];
}

/** Leaves the key of (table, rowid) in the hash lanes. */
export function rowidKey(table: number, rowid: number | bigint): void {
  hashStart(table);
  hashInt(rowid);
}

export async function liveRows(src: PageSource, tables: readonly TableSchema[], tick: () => void): Promise<LiveRows> {
  const rowids = hashSet();
  const texts = hashSet();
  // Table index + 1 per page (0: none), one array for the file instead of a Map entry per page.
  const tableOf = new Uint16Array(src.header.pageCount + 1);
  const pageTable = { get: (n: number) => (n >= 0 && n < tableOf.length && tableOf[n] ? tableOf[n]! - 1 : undefined) };
  const pagesWithFreeSpace: number[] = [];
  const seenPages = pageMarks(src.header.pageCount);
  const usable = src.header.usable;
  const types = new Float64Array(MAX_COLUMNS);
  for (let ti = 0; ti < tables.length; ti++) {
    for await (const { no, bytes, page } of tablePages(src, tables[ti]!.rootPage, seenPages, Number.MAX_SAFE_INTEGER)) {
      tick();
      if (page.type !== LEAF_TABLE) continue;
      tableOf[no] = ti + 1;
      for (const c of page.cells) liveCell(bytes, c, usable, ti, types, rowids, texts);
      if (hasFreeBytes(bytes, page, usable)) pagesWithFreeSpace.push(no);
    }
  }
  pagesWithFreeSpace.sort((a, b) => a - b);
  return { rowids, texts, pageTable, pagesWithFreeSpace };
}

const FIXED = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0];

/** End of the last varint read by `fastVarint`. */
let next = 0;

/** A varint of up to 7 bytes as a number (sizes, serial types, most rowids), -1 past `end` or when longer. */
function fastVarint(b: Uint8Array, at: number, end: number): number {
  let v = 0;
  for (let i = 0; i < 7 && at + i < end; i++) {
    const x = b[at + i]!;
    v = v * 128 + (x & 0x7f);
    if (x < 0x80) {
      next = at + i + 1;
      return v;
    }
  }
  return -1;
}

function liveCell(b: Uint8Array, at: number, usable: number, ti: number, types: Float64Array, rowids: HashSet, texts: HashSet): void {
  const payload = fastVarint(b, at, usable);
  if (payload < 0) return;
  let rowid: number | bigint = fastVarint(b, next, usable);
  if (rowid < 0) {
    const r = readVarint(b, next, usable); // 8–9 byte rowids: negative or past 2^49
    if (!r) return;
    rowid = r.value;
    next = r.next;
  }
  rowidKey(ti, rowid);
  rowids.add(hashA(), hashB());
  const payloadAt = next;
  const localEnd = payloadAt + localPayload(payload, usable);
  if (localEnd > usable) return;
  const headerSize = fastVarint(b, payloadAt, localEnd);
  if (headerSize < 1 || payloadAt + headerSize > localEnd) return;
  const headerEnd = payloadAt + headerSize;
  let n = 0;
  for (let pos = next; pos < headerEnd && n < types.length; pos = next) {
    const t = fastVarint(b, pos, headerEnd);
    if (t < 0) return;
    types[n++] = t;
  }
  const t0 = types[0]!;
  const size0 = n === 0 ? 0 : t0 >= 12 ? (t0 - 12) >> 1 : FIXED[t0]!;
  rowFingerprint(ti, types, n, size0, b, headerEnd, localEnd);
  texts.add(hashA(), hashB());
}

/** Whether a leaf page holds a freeblock or a non-zero byte in its unallocated gap (else there is nothing to carve). */
function hasFreeBytes(bytes: Uint8Array, page: BtreePage, usable: number): boolean {
  if (page.firstFreeblock !== 0) return true;
  const end = Math.min(page.contentStart, usable);
  for (let i = page.pointersEnd; i < end; i++) if (bytes[i] !== 0) return true;
  return false;
}
