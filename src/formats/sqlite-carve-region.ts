/**
 * Carving one free region of a page: walk it byte by byte for deleted cells (sqlite-carve-cell.ts), decode what
 * lies on the page strictly, and hand back the spans where nothing parsed (for the strings fallback). Values that
 * spill to overflow pages are left pending for the caller, which reads the chain.
 */
import { headLostCellAt, intactCellAt } from "./sqlite-carve-cell.ts";
import type { CellCandidate } from "./sqlite-carve-cell.ts";
import { hashBytes, hashSmall, hashStart } from "./sqlite-live-set.ts";
import { decodeValue } from "./sqlite-record.ts";
import type { SqlValue } from "./sqlite-record.ts";
import type { TableSchema } from "./sqlite-schema.ts";

/** A value not decoded yet because it lies (partly) on overflow pages. */
export const PENDING = Symbol("pending");

export interface DecodedCell extends CellCandidate {
  /** One per table column: a value, undefined when lost, PENDING when on overflow pages. */
  readonly values: (SqlValue | undefined | typeof PENDING)[];
}

/** Decodes the values on the page; rejects the cell when one of them could not have been written. */
export function decodeOnPage(c: CellCandidate, b: Uint8Array, encoding: number): DecodedCell | undefined {
  const values: (SqlValue | undefined | typeof PENDING)[] = [];
  const localEnd = c.payloadAt + c.local;
  let pos = c.bodyAt;
  let evidence = 0;
  let text = 0;
  for (let i = 0; i < c.table.columns.length; i++) {
    const type = c.types[i];
    if (i >= c.types.length) values.push(null); // a row older than an ALTER TABLE ADD COLUMN: the default applies
    else if (i === c.table.rowidAlias) values.push(c.rowid ?? undefined);
    else if (type === undefined) values.push(undefined);
    else if (c.sizes[i]! > 0 && pos + c.sizes[i]! > localEnd) {
      values.push(PENDING);
      evidence++; // bytes on the overflow chain: checked when read
    }
    else {
      const v = decodeValue(type, b, pos, encoding);
      if (v === undefined) return undefined;
      if (typeof v === "string" ? v.length > 0 : v instanceof Uint8Array ? v.some((x) => x !== 0) : v !== null && v !== 0) evidence++;
      if (typeof v === "string" && v.length > 0) text++;
      values.push(v);
    }
    if (i < c.types.length) pos += c.sizes[i]!;
  }
  // Noise guards: a row of NULLs, zeros and empty values proves nothing (two real values are asked of tables with
  // three columns or more); a row without its rowid must show real text.
  if (evidence < Math.min(2, c.table.columns.length - 1) || (c.rowid === undefined && text === 0)) return undefined;
  return { ...c, values };
}

/**
 * A fingerprint of a row that survives updates of its numbers: the first and last 24 bytes of its text and blob columns after
 * column 0 (all its bytes when it has none), as stored on the page. Live rows and carved copies hash alike. Column 0
 * takes `size0` bytes (its type may be lost); `types` holds `count` serial types. The hash is left in the lanes of
 * sqlite-live-set.ts (read with hashA/hashB): the live pass calls this for every row and allocates nothing.
 */
export function rowFingerprint(tableIndex: number, types: ArrayLike<number | undefined>, count: number, size0: number, b: Uint8Array, bodyAt: number, localEnd: number): void {
  hashStart(tableIndex);
  const from = bodyAt + size0;
  let pos = from;
  let any = false;
  for (let i = 1; i < count; i++) {
    const t = types[i]!;
    const size = t >= 12 ? (t - 12) >> 1 : FIXED[t]!;
    if (t >= 12) {
      any = true;
      hashSmall(i);
      hashSmall(size);
      // Head and tail: texts often share a prefix ("Message number 1…") and GUIDs differ at the end.
      const end = Math.min(localEnd, pos + size);
      if (end - pos <= 48) hashBytes(b, pos, end);
      else {
        hashBytes(b, pos, pos + 24);
        hashBytes(b, end - 24, end);
      }
    }
    pos += size;
  }
  if (!any) {
    hashSmall(0xffff);
    hashBytes(b, from, Math.min(localEnd, pos));
  }
}

const FIXED = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0];

export type RegionItem = { kind: "cell"; cell: DecodedCell } | { kind: "gap"; start: number; end: number };

/**
 * Cells in [start, end) of page bytes `b`, and the gaps between them. `heads`: offsets where a freeblock header
 * overwrote a cell's first 4 bytes (the region start when `headLost`).
 */
export function* carveRegion(b: Uint8Array, start: number, end: number, heads: ReadonlySet<number>, usable: number, encoding: number, tables: readonly TableSchema[]): Generator<RegionItem> {
  let gapStart = start;
  let afterCell = false;
  for (let pos = start; pos < end - 3; ) {
    const tryHead = heads.has(pos) || afterCell;
    let cand = heads.has(pos) ? undefined : intactCellAt(b, pos, end, usable, tables);
    let cell = cand && decodeOnPage(cand, b, encoding);
    if (!cell && tryHead) {
      cand = headLostCellAt(b, pos, end, usable, tables);
      cell = cand && decodeOnPage(cand, b, encoding);
    }
    afterCell = false;
    if (cell) {
      if (pos > gapStart) yield { kind: "gap", start: gapStart, end: pos };
      yield { kind: "cell", cell };
      pos = cell.end;
      gapStart = pos;
      afterCell = true;
    } else pos += heads.has(pos) ? 4 : 1;
  }
  if (end > gapStart) yield { kind: "gap", start: gapStart, end };
}
