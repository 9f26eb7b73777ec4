/**
 * SQLite b-tree pages (https://www.sqlite.org/fileformat2.html#b_tree_pages): the page header, the cell pointer
 * array, where each table-leaf cell starts and ends, and what is left: the free regions (freeblocks, the unallocated
 * gap between the pointer array and the cell content area) where deleted cells survive. A page whose pointers or
 * cells contradict each other is "damaged" and yields no regions: without its live cells known, free space cannot
 * be told from live rows.
 */
import { readSize, readVarint } from "./sqlite-record.ts";

export const LEAF_TABLE = 0x0d;
export const INTERIOR_TABLE = 0x05;

export interface BtreePage {
  readonly type: number;
  /** Offset of the page header in the page (100 on page 1). */
  readonly headerAt: number;
  /** Cell offsets from the pointer array. */
  readonly cells: number[];
  readonly contentStart: number;
  readonly firstFreeblock: number;
  /** End of the cell pointer array. */
  readonly pointersEnd: number;
  /** Interior pages: the right-most child. */
  readonly rightChild: number;
}

/** The header of a b-tree page, or undefined when the bytes are not one (or its pointers leave the page). */
export function parseBtreePage(p: Uint8Array, pageNo: number, usable: number): BtreePage | undefined {
  const headerAt = pageNo === 1 ? 100 : 0;
  const type = p[headerAt]!;
  if (type !== LEAF_TABLE && type !== INTERIOR_TABLE && type !== 0x0a && type !== 0x02) return undefined;
  const leaf = type === LEAF_TABLE || type === 0x0a;
  const v = new DataView(p.buffer, p.byteOffset, p.length);
  const cellCount = v.getUint16(headerAt + 3);
  const rawContent = v.getUint16(headerAt + 5);
  const contentStart = rawContent === 0 ? 65536 : rawContent;
  const pointersAt = headerAt + (leaf ? 8 : 12);
  const pointersEnd = pointersAt + 2 * cellCount;
  if (pointersEnd > usable || contentStart > usable || (cellCount > 0 && contentStart < pointersEnd)) return undefined;
  const cells: number[] = [];
  for (let i = 0; i < cellCount; i++) {
    const c = v.getUint16(pointersAt + 2 * i);
    if (c < contentStart || c >= usable) return undefined;
    cells.push(c);
  }
  return { type, headerAt, cells, contentStart, firstFreeblock: v.getUint16(headerAt + 1), pointersEnd, rightChild: leaf ? 0 : v.getUint32(headerAt + 8) };
}

/** Bytes of a table-leaf payload kept on the page; the rest spills to overflow pages (fileformat2 §1.6). */
export function localPayload(payload: number, usable: number): number {
  const maxLocal = usable - 35;
  if (payload <= maxLocal) return payload;
  const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
  const k = minLocal + ((payload - minLocal) % (usable - 4));
  return k <= maxLocal ? k : minLocal;
}

export interface LeafCell {
  readonly at: number;
  readonly payload: number;
  readonly rowid: number | bigint;
  /** Offset of the record (payload) in the page. */
  readonly payloadAt: number;
  readonly local: number;
  /** First overflow page, 0 when the payload fits. */
  readonly overflow: number;
  /** Offset just past the cell. */
  readonly end: number;
}

/** Largest payload SQLite writes (SQLITE_MAX_LENGTH, 1 GB): anything above is noise. */
export const MAX_PAYLOAD = 1_000_000_000;

/** A table-leaf cell at `at`, or undefined when its sizes do not fit in `limit` (the page or the region). */
export function leafCellAt(p: Uint8Array, at: number, usable: number, limit = usable): LeafCell | undefined {
  const len = readSize(p, at, limit, MAX_PAYLOAD);
  if (len === undefined) return undefined;
  const rowid = readVarint(p, len.next, limit);
  if (rowid === undefined) return undefined;
  const local = localPayload(len.value, usable);
  const spills = local < len.value;
  const end = rowid.next + local + (spills ? 4 : 0);
  if (end > limit) return undefined;
  const overflow = spills ? new DataView(p.buffer, p.byteOffset).getUint32(rowid.next + local) : 0;
  return { at, payload: len.value, rowid: rowid.value, payloadAt: rowid.next, local, overflow, end };
}

/** Children of an interior table page: the left pointer of each cell, then the right-most child. */
export function interiorChildren(p: Uint8Array, page: BtreePage): number[] {
  const v = new DataView(p.buffer, p.byteOffset, p.length);
  const out: number[] = [];
  for (const c of page.cells) if (c + 4 <= p.length) out.push(v.getUint32(c));
  out.push(page.rightChild);
  return out;
}

export interface FreeRegion {
  readonly start: number;
  readonly end: number;
  readonly where: "freeblock" | "unallocated";
  /** The region starts where a freed cell began, so its first 4 bytes were overwritten by the freeblock header. */
  readonly headLost: boolean;
  /** Starts of other freeblocks inside the region (merged neighbours keep their old 4-byte headers). */
  readonly heads: number[];
}

/**
 * Everything on a table-leaf page that no live cell covers: the unallocated gap, then the content area minus live
 * cells. Undefined when live cells overlap or leave the page (a damaged page). Freeblock starts come from the
 * page's chain, followed with a bound and only forwards (SQLite keeps it sorted), so a loop cannot hang us.
 */
export function freeRegions(p: Uint8Array, page: BtreePage, usable: number): FreeRegion[] | undefined {
  const live: [number, number][] = [];
  for (const c of page.cells) {
    const cell = leafCellAt(p, c, usable);
    if (cell === undefined) return undefined;
    live.push([c, cell.end]);
  }
  live.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < live.length; i++) if (live[i]![0] < live[i - 1]![1]) return undefined;
  const heads = new Set<number>();
  const v = new DataView(p.buffer, p.byteOffset, p.length);
  for (let fb = page.firstFreeblock, n = 0; fb !== 0 && n < usable / 4; n++) {
    if (fb < page.contentStart || fb + 4 > usable) break;
    heads.add(fb);
    const next = v.getUint16(fb);
    if (next !== 0 && next <= fb) break;
    fb = next;
  }
  const out: FreeRegion[] = [];
  const gapEnd = Math.min(page.contentStart, usable);
  if (gapEnd > page.pointersEnd) out.push({ start: page.pointersEnd, end: gapEnd, where: "unallocated", headLost: false, heads: [] });
  let pos = gapEnd;
  for (const [s, e] of [...live, [usable, usable] as [number, number]]) {
    if (s > pos) {
      const inside = [...heads].filter((h) => h > pos && h < s).sort((a, b) => a - b);
      out.push({ start: pos, end: s, where: "freeblock", headLost: heads.has(pos), heads: inside });
    }
    pos = Math.max(pos, e);
  }
  return out;
}
