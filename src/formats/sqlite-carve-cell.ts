/**
 * Finding one deleted table-leaf cell in free bytes. Two shapes:
 * - intact: payload-length varint, rowid varint, record header, body (cells in the unallocated gap, on freelist
 *   pages, in old WAL frames, and freed cells merged behind another freeblock);
 * - head lost: the first 4 bytes were overwritten by a freeblock header (next-freeblock, size), which erases the
 *   payload length and usually the rowid. The record header is then found by the table's shape: either the
 *   header-size varint survived (it must equal the header it announces), or it and column 0's serial type were
 *   overwritten too (small rows: column 0 is then assumed to be the rowid alias, stored as NULL, or a number whose
 *   size is the only one that leaves a valid record).
 * A candidate must fit the region, match a table's column count and affinities, and decode (see sqlite-record.ts).
 */
import { localPayload, leafCellAt } from "./sqlite-btree.ts";
import { parseRecordHeader, readSize, readVarint, serialSize, typeFits, varintLength } from "./sqlite-record.ts";
import type { TableSchema } from "./sqlite-schema.ts";

export interface CellCandidate {
  readonly table: TableSchema;
  readonly rowid: number | bigint | undefined;
  /** Serial type per stored column; undefined = overwritten. */
  readonly types: (number | undefined)[];
  /** Body size of each column (known even for an overwritten rowid alias: 0). */
  readonly sizes: number[];
  /** Where the cell starts in the page (the freeblock start when its head was lost). */
  readonly at: number;
  readonly end: number;
  readonly payloadAt: number;
  readonly bodyAt: number;
  readonly payload: number;
  readonly local: number;
  readonly overflow: number;
}

/** The fewest columns a record may have for a table of `n` columns (rows written before ALTER TABLE ADD COLUMN). */
export function minColumns(n: number): number {
  return Math.min(n, Math.max(2, Math.ceil(n / 2)));
}

function shapeFits(t: TableSchema, types: (number | undefined)[]): boolean {
  const n = t.columns.length;
  if (types.length > n || types.length < minColumns(n)) return false;
  for (let i = 0; i < types.length; i++) {
    const ty = types[i];
    if (ty !== undefined && !typeFits(ty, t.affinities[i]!, i === t.rowidAlias)) return false;
  }
  return true;
}

/** An intact cell at `at` whose record fits one of `tables` (first match wins: put the page's own table first). */
export function intactCellAt(b: Uint8Array, at: number, end: number, usable: number, tables: readonly TableSchema[]): CellCandidate | undefined {
  const cell = leafCellAt(b, at, usable, end);
  if (!cell || cell.payload < 2 || typeof cell.rowid !== "number" || cell.rowid < 1) return undefined;
  const h = parseRecordHeader(b, cell.payloadAt, Math.min(end, cell.payloadAt + cell.local), maxColumns(tables));
  if (!h || h.bodyAt - cell.payloadAt + h.bodySize !== cell.payload) return undefined;
  const table = tables.find((t) => shapeFits(t, h.types));
  if (!table) return undefined;
  return { table, rowid: cell.rowid, types: h.types, sizes: h.types.map(serialSize), at, end: cell.end, payloadAt: cell.payloadAt, bodyAt: h.bodyAt, payload: cell.payload, local: cell.local, overflow: cell.overflow };
}

const maxColumns = (tables: readonly TableSchema[]) => Math.max(1, ...tables.map((t) => t.columns.length));

/** Bytes the cell's payload-length and rowid varints may take before the header (1–3 + 1–9). */
const MAX_PREFIX = 12;

/** A cell whose first 4 bytes a freeblock header overwrote, starting at `at`. */
export function headLostCellAt(b: Uint8Array, at: number, end: number, usable: number, tables: readonly TableSchema[]): CellCandidate | undefined {
  for (let h = at + 4; h <= Math.min(at + MAX_PREFIX, end - 2); h++) {
    const c = withHeaderSize(b, at, h, end, usable, tables);
    if (c) return c;
  }
  for (const t of tables) {
    for (let q = at + 4; q <= Math.min(at + MAX_PREFIX, end - 2); q++) {
      const c = withHeaderSizeLost(b, at, q, end, usable, t);
      if (c) return c;
    }
  }
  for (const t of tables) {
    const c = withColumn0Lost(b, at, end, usable, t);
    if (c) return c;
  }
  return undefined;
}

/**
 * Variant 2: the header-size byte was overwritten (payload length and rowid took 3+ bytes), the serial types of
 * every column start at `q`; the header size is then 1 + their bytes, and the prefix must fit the payload length.
 */
function withHeaderSizeLost(b: Uint8Array, at: number, q: number, end: number, usable: number, t: TableSchema): CellCandidate | undefined {
  const types: number[] = [];
  let pos = q;
  let bodySize = 0;
  for (let i = 0; i < t.columns.length; i++) {
    const ty = readSize(b, pos, end, Number.MAX_SAFE_INTEGER);
    if (!ty || serialSize(ty.value) < 0 || !typeFits(ty.value, t.affinities[i]!, i === t.rowidAlias)) return undefined;
    types.push(ty.value);
    bodySize += serialSize(ty.value);
    pos = ty.next;
  }
  const headerSize = 1 + pos - q;
  if (headerSize >= 128) return undefined;
  const payload = headerSize + bodySize;
  const rowidBytes = q - 1 - at - varintLength(payload);
  if (rowidBytes < 1 || rowidBytes > 9) return undefined;
  const local = localPayload(payload, usable);
  const cellEnd = q - 1 + local + (local < payload ? 4 : 0);
  if (cellEnd > end) return undefined;
  const overflow = local < payload ? new DataView(b.buffer, b.byteOffset).getUint32(q - 1 + local) : 0;
  return { table: t, rowid: undefined, types, sizes: types.map(serialSize), at, end: cellEnd, payloadAt: q - 1, bodyAt: pos, payload, local, overflow };
}

/** Variant 1: the header-size varint at `h` survived; the payload length it implies must leave room for a rowid. */
function withHeaderSize(b: Uint8Array, at: number, h: number, end: number, usable: number, tables: readonly TableSchema[]): CellCandidate | undefined {
  const hdr = parseRecordHeader(b, h, end, maxColumns(tables));
  if (!hdr || hdr.types.length === 0) return undefined;
  const payload = hdr.bodyAt - h + hdr.bodySize;
  const lenBytes = varintLength(payload);
  const rowidBytes = h - at - lenBytes;
  if (rowidBytes < 1 || rowidBytes > 9) return undefined;
  let rowid: number | bigint | undefined;
  if (lenBytes >= 4) {
    // The rowid lies wholly past the overwritten bytes: it must be one varint ending exactly at the header.
    const r = readVarint(b, at + lenBytes, h);
    if (!r || r.next !== h) return undefined;
    rowid = r.value;
  } else if (h - at > 4 && b[h - 1]! & 0x80) return undefined; // the rowid's last byte must end its varint
  const local = localPayload(payload, usable);
  const cellEnd = h + local + (local < payload ? 4 : 0);
  if (cellEnd > end) return undefined;
  const table = tables.find((t) => shapeFits(t, hdr.types));
  if (!table) return undefined;
  const overflow = local < payload ? new DataView(b.buffer, b.byteOffset).getUint32(h + local) : 0;
  return { table, rowid, types: hdr.types, sizes: hdr.types.map(serialSize), at, end: cellEnd, payloadAt: h, bodyAt: hdr.bodyAt, payload, local, overflow };
}

/**
 * Variant 3: payload length, rowid, header size and column 0's type took one byte each and are all overwritten;
 * columns 1… have their serial types from `at + 4` on. Only whole-width rows of small tables fit this.
 */
function withColumn0Lost(b: Uint8Array, at: number, end: number, usable: number, t: TableSchema): CellCandidate | undefined {
  const n = t.columns.length;
  if (n < 2) return undefined;
  const types: (number | undefined)[] = [undefined];
  let pos = at + 4;
  let bodySize = 0;
  for (let i = 1; i < n; i++) {
    const ty = readSize(b, pos, end, Number.MAX_SAFE_INTEGER);
    if (!ty || serialSize(ty.value) < 0) return undefined;
    types.push(ty.value);
    bodySize += serialSize(ty.value);
    pos = ty.next;
  }
  if (!shapeFits(t, types)) return undefined;
  const headerSize = pos - (at + 2);
  if (headerSize >= 128) return undefined; // it took one byte
  const size0 = t.rowidAlias === 0 ? [0] : t.affinities[0] === "text" || t.affinities[0] === "blob" ? [] : [0, 1, 2, 3, 4, 6, 8];
  const fits = size0.filter((s) => {
    const payload = headerSize + s + bodySize;
    return payload < 128 && at + 2 + payload <= end && localPayload(payload, usable) === payload;
  });
  // Several sizes for column 0 would each shift the body: no way to tell which, so nothing is claimed.
  if (fits.length !== 1) return undefined;
  const s0 = fits[0]!;
  const payload = headerSize + s0 + bodySize;
  return { table: t, rowid: undefined, types, sizes: [s0, ...types.slice(1).map((x) => serialSize(x!))], at, end: at + 2 + payload, payloadAt: at + 2, bodyAt: pos, payload, local: payload, overflow: 0 };
}
