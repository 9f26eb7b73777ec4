/**
 * Deleted rows from a SQLite database and its -wal, read-only and browser-safe. SQLite does not erase a deleted
 * row: its bytes stay in the page's free space (freeblocks, the unallocated gap), on freelist pages, and in older
 * WAL frames until reused or vacuumed. `carveDatabase` walks those places and yields
 * - `CarvedRecord`s: rows of the tables asked for, whole or with the columns a freeblock header overwrote marked
 *   lost (undefined), each with where it was found and its byte offset in the file (the -wal for WAL frames);
 * - `CarvedString`s: URLs, e-mails, domains, process names from free bytes where no record parsed.
 * Copies of live rows (cells moved by a page split, superseded WAL frames, old versions of updated rows) are not
 * reported: a first pass collects every live row's rowid and a fingerprint of its text (sqlite-live-set.ts).
 * Every read and count is bounded (CARVE_LIMITS); when a bound is hit the generator throws E_LIMIT after yielding
 * what it found. With secure_delete on, free space is zeroed and nothing is yielded: nothing is ever invented.
 */
import { SpyglassError } from "../core/errors.ts";
import type { SourceFile } from "../core/source.ts";
import { freeRegions, parseBtreePage, LEAF_TABLE } from "./sqlite-btree.ts";
import type { FreeRegion, LeafCell } from "./sqlite-btree.ts";
import { PENDING, carveRegion, rowFingerprint } from "./sqlite-carve-region.ts";
import type { DecodedCell } from "./sqlite-carve-region.ts";
import { hashA, hashB, hashSet } from "./sqlite-live-set.ts";
import { liveRows, rowidKey } from "./sqlite-live-rows.ts";
import { openPages, parseHeader } from "./sqlite-pages.ts";
import type { PageSource } from "./sqlite-pages.ts";
import { decodeValue } from "./sqlite-record.ts";
import type { SqlValue } from "./sqlite-record.ts";
import { readSchema } from "./sqlite-schema.ts";
import { stringsIn } from "./sqlite-strings.ts";
import type { StringKind } from "./sqlite-strings.ts";
import { pageMarks, readPayload } from "./sqlite-tree.ts";
import { readWal } from "./sqlite-wal.ts";

/** A table as the carver sees it: stored columns in CREATE TABLE order. */
export interface CarveTable {
  readonly name: string;
  readonly columns: string[];
  readonly rootPage: number;
}

/**
 * Where deleted bytes were found: a freeblock or the unallocated gap of a live page, a freelist page, an old WAL frame,
 * or a page of the main file that the -wal replaces ("superseded": the older copy, before the WAL's changes).
 */
export type CarveWhere = "freeblock" | "unallocated" | "freelist" | "wal" | "superseded";

export interface CarvedRecord {
  readonly kind: "record";
  readonly table: string;
  /** The table's stored columns (shared between records of one table). */
  readonly columns: readonly string[];
  /** One per column; undefined = lost (overwritten, or on an overflow page no longer readable). */
  readonly values: (SqlValue | undefined)[];
  readonly lostColumns: number;
  /** The row's rowid when it survived (it is lost when a freeblock header overwrote it). */
  readonly rowid?: number | bigint;
  readonly where: CarveWhere;
  readonly page: number;
  /** 1-based frame in the -wal file, when the bytes were read from it. */
  readonly walFrame?: number;
  /** Byte offset of the cell in the database file, or in the -wal file when `walFrame` is set. */
  readonly offset: number;
}

export interface CarvedString {
  readonly kind: StringKind;
  readonly text: string;
  readonly where: CarveWhere;
  readonly page: number;
  readonly walFrame?: number;
  readonly offset: number;
}

export type Carved = CarvedRecord | CarvedString;

/** A carved record as a row keyed by column name (what a module's SELECT gives); lost columns are undefined. */
export function carvedRow(r: CarvedRecord): Record<string, SqlValue | undefined> {
  const row: Record<string, SqlValue | undefined> = {};
  r.columns.forEach((c, i) => (row[c] = r.values[i]));
  return row;
}

/** Named bounds on one database. */
export const CARVE_LIMITS = {
  /** Pages visited (live trees, free pages, WAL frames). */
  pages: 4_000_000,
  /** Records yielded. */
  records: 100_000,
  /** Strings yielded. */
  strings: 20_000,
  /** Bytes read from the database and its -wal together. */
  bytes: 16 * 1024 ** 3,
  /** Wall time, in milliseconds. */
  millis: 10 * 60 * 1000,
  /** Frames read from a -wal. */
  walFrames: 1_000_000,
};
export type CarveLimits = typeof CARVE_LIMITS;

export interface CarveOptions {
  /** The database's -wal file, when there is one. */
  readonly wal?: SourceFile;
  /** Tables to carve records of (case-insensitive names); all rowid tables when absent. */
  readonly tables?: readonly string[];
  /** Yield strings from free bytes where no record parsed (default true). */
  readonly strings?: boolean;
  readonly limits?: Partial<CarveLimits>;
}

/** The rowid tables of a database, as `carveDatabase` reads them (for a module choosing what to carve). */
export async function carveTables(db: SourceFile, wal?: SourceFile): Promise<CarveTable[]> {
  const { src } = await open(db, wal, CARVE_LIMITS);
  return (await readSchema(src, CARVE_LIMITS.pages)).map(({ name, columns, rootPage }) => ({ name, columns, rootPage }));
}

async function open(db: SourceFile, wal: SourceFile | undefined, limits: CarveLimits) {
  const header = parseHeader(await db.slice(0, 100), db.size, db.path);
  const walIndex = wal ? await readWal(wal, header.pageSize, limits.walFrames) : undefined;
  return { src: await openPages(db, wal, walIndex, limits.bytes) };
}

export async function* carveDatabase(db: SourceFile, opts: CarveOptions = {}): AsyncGenerator<Carved> {
  const limits = { ...CARVE_LIMITS, ...opts.limits };
  const started = Date.now();
  const { src } = await open(db, opts.wal, limits);
  const wanted = opts.tables?.map((t) => t.toLowerCase());
  const tables = (await readSchema(src, limits.pages)).filter((t) => !wanted || wanted.includes(t.name.toLowerCase()));
  if (tables.length === 0) return;
  const budget = { pages: 0, records: 0, strings: 0 };
  const tick = () => {
    if (++budget.pages > limits.pages) throw new SpyglassError("E_LIMIT", `carving stops after ${limits.pages} pages`, { file: db.path });
    if (Date.now() - started > limits.millis) throw new SpyglassError("E_LIMIT", `carving stops after ${limits.millis / 1000} s`, { file: db.path });
  };
  const live = await liveRows(src, tables, tick);
  const seen = hashSet();
  const seenStrings = new Set<string>();
  /** Free pages read as the overflow of a recovered record: not carved again as loose pages. */
  const claimed = new Set<number>();
  const order = (own: number | undefined) => (own === undefined ? tables : [tables[own]!, ...tables.filter((_, i) => i !== own)]);

  async function* fromPage(bytes: Uint8Array, no: number, regions: Region[], where: (r: Region) => CarveWhere, base: number, walFrame: number | undefined, own: number | undefined): AsyncGenerator<Carved> {
    for (const r of regions) {
      for (const item of carveRegion(bytes, r.start, r.end, r.heads, src.header.usable, src.header.encoding, order(own))) {
        if (item.kind === "gap") {
          if (opts.strings === false || r.records === "only") continue;
          for (const s of stringsIn(bytes, item.start, item.end)) {
            const key = `${s.kind}\u0000${s.text}`;
            if (seenStrings.has(key)) continue;
            if (++budget.strings > limits.strings) throw new SpyglassError("E_LIMIT", `carving stops after ${limits.strings} strings`, { file: db.path });
            seenStrings.add(key);
            yield { kind: s.kind, text: s.text, where: where(r), page: no, ...(walFrame ? { walFrame } : {}), offset: base + s.at };
          }
          continue;
        }
        const rec = await toRecord(item.cell, bytes);
        if (!rec) continue;
        if (++budget.records > limits.records) throw new SpyglassError("E_LIMIT", `carving stops after ${limits.records} records`, { file: db.path });
        yield { ...rec, where: where(r), page: no, ...(walFrame ? { walFrame } : {}), offset: base + item.cell.at };
      }
    }
  }

  /** A carved cell as a record, or undefined for a copy of a live row or one already yielded. */
  async function toRecord(c: DecodedCell, bytes: Uint8Array): Promise<Omit<CarvedRecord, "where" | "page" | "offset"> | undefined> {
    const ti = tables.indexOf(c.table);
    if (c.rowid !== undefined) {
      rowidKey(ti, c.rowid);
      if (live.rowids.has(hashA(), hashB())) return undefined;
    }
    // The same deleted row sits in several places (an old WAL frame, then a freeblock of the newer copy): once.
    rowFingerprint(ti, c.types, c.types.length, c.sizes[0] ?? 0, bytes, c.bodyAt, c.payloadAt + c.local);
    const [a, b] = [hashA(), hashB()];
    if (live.texts.has(a, b) || seen.has(a, b)) return undefined;
    seen.add(a, b);
    let values = c.values as (SqlValue | undefined | typeof PENDING)[];
    if (values.includes(PENDING)) values = await resolveOverflow(src, c, bytes, claimed);
    const done = values as (SqlValue | undefined)[];
    const lost = done.filter((v) => v === undefined).length;
    return { kind: "record", table: c.table.name, columns: c.table.columns, values: done, lostColumns: lost, ...(c.rowid !== undefined ? { rowid: c.rowid } : {}) };
  }

  // 1. WAL frames the live view does not use: older copies of pages, uncommitted or left from an earlier log.
  // First, because there a row still has its rowid (a freeblock of the newer copy has overwritten it).
  for (const frame of src.wal?.frames ?? []) {
    if (src.wal!.live.get(frame.page) === frame) continue;
    tick();
    yield* oldCopy(await src.walPage(frame.offset), frame.page, "wal", frame.offset, frame.index);
  }
  // The main file's copy of every page the -wal rewrote is older still: rows deleted since the last checkpoint are
  // there whole even when secure_delete zeroed them in the WAL's copy.
  for (const no of new Set(src.wal?.frames.map((f) => f.page))) {
    tick();
    const bytes = await src.filePage(no);
    if (bytes) yield* oldCopy(bytes, no, "superseded", (no - 1) * src.header.pageSize, undefined);
  }
  /** An older copy of a page: the cells it held then (records only), and its free space. */
  function oldCopy(bytes: Uint8Array, no: number, where: CarveWhere, base: number, walFrame: number | undefined) {
    const page = parseBtreePage(bytes, no, src.header.usable);
    if (!page || page.type !== LEAF_TABLE) return []; // index, interior and overflow copies hold no rows of their own
    const free = freeRegions(bytes, page, src.header.usable) ?? [];
    const regions: Region[] = [{ start: page.pointersEnd, end: src.header.usable, heads: new Set(), records: "only" }, ...free.map(toRegion)];
    return fromPage(bytes, no, regions, () => where, base, walFrame, live.pageTable.get(no));
  }
  // 2. Free space on the live pages of the tables carved.
  for (const no of live.pagesWithFreeSpace) {
    tick();
    const bytes = await src.page(no, true);
    const page = bytes && parseBtreePage(bytes, no, src.header.usable);
    const regions = page && freeRegions(bytes, page, src.header.usable);
    if (!regions) continue;
    const at = src.where(no);
    yield* fromPage(bytes, no, regions.map(toRegion), (r) => r.where!, at.offset, at.walFrame, live.pageTable.get(no));
  }
  // 3. Freelist pages: whole pages of old content (a trunk keeps its old bytes past its list of leaves).
  // Old table leaves first: the overflow chains their rows claim are then not carved again as loose pages.
  const loose: { no: number; from: number }[] = [];
  for await (const f of freelistPages(src, tick)) {
    const bytes = await src.page(f.no, true);
    if (!bytes) continue;
    if (f.from > 0 || parseBtreePage(bytes, f.no, src.header.usable)?.type !== LEAF_TABLE) loose.push(f);
    else yield* fromFreePage(bytes, f);
  }
  for (const f of loose) {
    const bytes = claimed.has(f.no) ? undefined : await src.page(f.no, true);
    if (bytes) yield* fromFreePage(bytes, f);
  }
  function fromFreePage(bytes: Uint8Array, f: { no: number; from: number }) {
    const at = src.where(f.no);
    return fromPage(bytes, f.no, [wholePage(bytes, f.no, f.from, src.header.usable)], () => "freelist", at.offset, at.walFrame, undefined);
  }
}

interface Region {
  readonly start: number;
  readonly end: number;
  readonly heads: ReadonlySet<number>;
  readonly where?: "freeblock" | "unallocated";
  /** "only": cells that were live in an old copy of a page; their bytes between records are other data, not strings. */
  readonly records?: "only";
}

const toRegion = (r: FreeRegion): Region => ({ ...r, heads: new Set(r.headLost ? [r.start, ...r.heads] : r.heads) });

/** A page of old content as one region; when it still parses as a table leaf, its freeblock heads are known. */
function wholePage(bytes: Uint8Array, no: number, from: number, usable: number): Region {
  const page = parseBtreePage(bytes, no, usable);
  const heads = new Set<number>();
  if (page && page.type === LEAF_TABLE) {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let fb = page.firstFreeblock, n = 0; fb >= from && fb + 4 <= usable && n < usable / 4; n++) {
      heads.add(fb);
      const next = v.getUint16(fb);
      if (next <= fb) break;
      fb = next;
    }
  }
  return { start: from, end: usable, heads };
}

/** The freelist: trunk pages (their bytes after the leaf list) and leaf pages, loop-safe and bounded. */
async function* freelistPages(src: PageSource, tick: () => void): AsyncGenerator<{ no: number; from: number }> {
  const max = src.header.pageCount;
  const seen = pageMarks(max);
  for (let trunk = src.header.freelistTrunk; trunk > 0 && trunk <= max && !seen.has(trunk); ) {
    seen.add(trunk);
    tick();
    const bytes = await src.page(trunk);
    if (!bytes) return;
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const count = Math.min(v.getUint32(4), (src.header.usable - 8) / 4);
    const next = v.getUint32(0);
    const leaves: number[] = [];
    for (let i = 0; i < count; i++) leaves.push(v.getUint32(8 + 4 * i));
    yield { no: trunk, from: 8 + 4 * count };
    for (const leaf of leaves.sort((a, b) => a - b)) {
      if (leaf < 1 || leaf > max || seen.has(leaf)) continue;
      seen.add(leaf);
      tick();
      yield { no: leaf, from: 0 };
    }
    trunk = next;
  }
}

/** Values of a carved cell that spill to overflow pages: read along the (freed) chain while it holds together. */
async function resolveOverflow(src: PageSource, c: DecodedCell, bytes: Uint8Array, claimed: Set<number>): Promise<(SqlValue | undefined)[]> {
  const cell: LeafCell = { at: c.at, payload: c.payload, rowid: c.rowid ?? 0, payloadAt: c.payloadAt, local: c.local, overflow: c.overflow, end: c.end };
  const pages: number[] = [];
  const payload = await readPayload(src, bytes, cell, cell.payload, (n) => {
    pages.push(n);
    return src.page(n);
  });
  let pos = c.bodyAt - c.payloadAt;
  let fromChain = 0;
  const values = c.values.map((v, i) => {
    const at = pos;
    if (i < c.types.length) pos += c.sizes[i]!;
    if (v !== PENDING) return v;
    if (at + c.sizes[i]! > payload.length) return undefined;
    const d = decodeValue(c.types[i]!, payload, at, src.header.encoding);
    if (d !== undefined) fromChain++;
    return d;
  });
  // Only a chain that decoded is the record's: otherwise its pages were reused and are carved on their own.
  if (fromChain > 0) for (const p of pages) claimed.add(p);
  return values;
}
