/**
 * Walking the live b-trees of a SQLite database: the pages of one table (loop-safe, depth-bounded), and a cell's
 * whole payload with its overflow chain (bounded, each page number checked). Used to read sqlite_master and to
 * learn which rows are live, so that copies of live rows left in free space are not reported as deleted.
 */
import { SpyglassError } from "../core/errors.ts";
import { INTERIOR_TABLE, LEAF_TABLE, interiorChildren, parseBtreePage } from "./sqlite-btree.ts";
import type { BtreePage, LeafCell } from "./sqlite-btree.ts";
import type { PageSource } from "./sqlite-pages.ts";

/** SQLite's own depth bound for b-trees (BTCURSOR_MAX_DEPTH). */
const MAX_DEPTH = 20;

/** A set of page numbers as one bit per page: a database of 10^6 pages costs 125 KB, not a Set's tens of MB. */
export interface PageMarks {
  has(n: number): boolean;
  add(n: number): void;
  readonly size: () => number;
}

export function pageMarks(pageCount: number): PageMarks {
  const bits = new Uint8Array((pageCount >> 3) + 1);
  let size = 0;
  return {
    size: () => size,
    has: (n) => n >= 0 && n <= pageCount && (bits[n >> 3]! & (1 << (n & 7))) !== 0,
    add(n) {
      if (n < 0 || n > pageCount || (bits[n >> 3]! & (1 << (n & 7))) !== 0) return;
      bits[n >> 3]! |= 1 << (n & 7);
      size++;
    },
  };
}

export interface TreePage {
  readonly no: number;
  readonly bytes: Uint8Array;
  readonly page: BtreePage;
}

/**
 * The pages of the table b-tree rooted at `root`, leaves and interiors, depth first. `seen` is shared between trees
 * (a page in two trees is damage: it is walked once). Pages that are not table b-tree pages are skipped.
 */
export async function* tablePages(src: PageSource, root: number, seen: PageMarks, maxPages: number): AsyncGenerator<TreePage> {
  const stack: [number, number][] = [[root, 0]];
  while (stack.length) {
    const [no, depth] = stack.pop()!;
    if (seen.has(no) || depth > MAX_DEPTH || no < 1 || no > src.header.pageCount) continue;
    if (seen.size() >= maxPages) throw new SpyglassError("E_LIMIT", `carving stops after ${maxPages} pages`);
    seen.add(no);
    const bytes = await src.page(no);
    if (!bytes) continue;
    const page = parseBtreePage(bytes, no, src.header.usable);
    if (!page || (page.type !== LEAF_TABLE && page.type !== INTERIOR_TABLE)) continue;
    yield { no, bytes, page };
    // Children pushed in reverse so they come out left to right: leaves in rowid order, pages mostly ascending.
    if (page.type === INTERIOR_TABLE) for (const child of interiorChildren(bytes, page).reverse()) stack.push([child, depth + 1]);
  }
}

/**
 * The first `want` bytes of a cell's payload (all of it by default), following its overflow chain. Returns what
 * could be read: a chain that leaves the database, loops or runs out stops early (the caller sees a short payload).
 */
export async function readPayload(src: PageSource, page: Uint8Array, cell: LeafCell, want = cell.payload, pageOf: (n: number) => Promise<Uint8Array | undefined> = (n) => src.page(n)): Promise<Uint8Array> {
  const total = Math.min(want, cell.payload);
  if (total <= cell.local) return page.subarray(cell.payloadAt, cell.payloadAt + total);
  const out = new Uint8Array(total);
  out.set(page.subarray(cell.payloadAt, cell.payloadAt + cell.local));
  let filled = cell.local;
  const per = src.header.usable - 4;
  const visited = new Set<number>();
  for (let next = cell.overflow; filled < total && next !== 0; ) {
    if (next > src.header.pageCount || visited.has(next)) break;
    visited.add(next);
    const ov = await pageOf(next);
    if (!ov) break;
    const n = Math.min(per, total - filled);
    out.set(ov.subarray(4, 4 + n), filled);
    filled += n;
    next = new DataView(ov.buffer, ov.byteOffset).getUint32(0);
  }
  return out.subarray(0, filled);
}
