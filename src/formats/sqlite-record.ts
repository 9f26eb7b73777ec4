/**
 * SQLite's record format (https://www.sqlite.org/fileformat2.html#record_format): varints, serial types, column
 * affinity, and strict decoding of values. The carver uses it on bytes nobody vouches for, so every check here errs
 * on the side of "not a record": a value that could not have been written into its column rejects the candidate.
 */

/** A column's affinity, from its declared type by SQLite's rules (section 3.1 of "Datatypes In SQLite"). */
export type Affinity = "integer" | "text" | "blob" | "real" | "numeric";

export function affinityOf(declared: string): Affinity {
  const t = declared.toUpperCase();
  if (t.includes("INT")) return "integer";
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) return "text";
  if (t === "" || t.includes("BLOB")) return "blob";
  if (t.includes("REAL") || t.includes("FLOA") || t.includes("DOUB")) return "real";
  return "numeric";
}

/** A varint at `at` (1–9 bytes, big-endian, high bit = more), or undefined when it runs past `end`. */
export function readVarint(b: Uint8Array, at: number, end: number): { value: number | bigint; next: number } | undefined {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    if (at + i >= end) return undefined;
    const byte = b[at + i]!;
    // Up to 7 bytes (49 bits) stay exact in a double; past that switch to bigint.
    if (i === 7) break;
    v = v * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value: v, next: at + i + 1 };
  }
  if (at + 8 >= end) return undefined;
  let big = 0n;
  for (let i = 0; i < 8; i++) big = (big << 7n) | BigInt(b[at + i]! & 0x7f);
  big = (big << 8n) | BigInt(b[at + 8]!);
  big = BigInt.asIntN(64, big);
  const asNumber = Number(big);
  return { value: Number.isSafeInteger(asNumber) ? asNumber : big, next: at + 9 };
}

/** A varint read as a small non-negative count (lengths, header sizes): undefined when it is not one. */
export function readSize(b: Uint8Array, at: number, end: number, max: number): { value: number; next: number } | undefined {
  const v = readVarint(b, at, end);
  if (v === undefined || typeof v.value !== "number" || v.value < 0 || v.value > max) return undefined;
  return { value: v.value, next: v.next };
}

export function varintLength(v: number): number {
  let n = 1;
  while (v >= 128 && n < 9) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

const FIXED_SIZES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];

/** Body bytes a serial type takes, or -1 for the reserved types 10 and 11. */
export function serialSize(type: number): number {
  if (type < 10) return FIXED_SIZES[type]!;
  if (type < 12) return -1;
  return Math.floor((type - 12) / 2);
}

/**
 * Serial types a column of this affinity can hold as SQLite writes it: INTEGER/REAL/NUMERIC columns store numbers
 * (text that looks numeric is converted on insert, and carving accepts only numbers there to stay strict); TEXT
 * columns convert numbers to text, so hold text, blobs or NULL; BLOB (no affinity) holds anything.
 */
export function typeFits(type: number, affinity: Affinity, rowidAlias: boolean): boolean {
  if (rowidAlias) return type === 0; // an INTEGER PRIMARY KEY is stored as NULL: the value is the rowid
  if (type === 10 || type === 11) return false;
  switch (affinity) {
    case "integer":
    case "real":
    case "numeric":
      return type <= 9;
    case "text":
      return type === 0 || type >= 12;
    case "blob":
      return true;
  }
}

export type SqlValue = number | bigint | string | Uint8Array | null;

const TEXT_DECODERS: Record<number, TextDecoder> = {
  1: new TextDecoder("utf-8", { fatal: true }),
  2: new TextDecoder("utf-16le", { fatal: true }),
  3: new TextDecoder("utf-16be", { fatal: true }),
};

/** C0 controls other than tab, newline, carriage return: never in the text columns phones write, common in noise. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * The value of one column, or undefined when its bytes could not have been written by SQLite (invalid text in the
 * database's encoding, control characters).
 */
export function decodeValue(type: number, b: Uint8Array, at: number, encoding: number): SqlValue | undefined {
  switch (type) {
    case 0:
      return null;
    case 8:
      return 0;
    case 9:
      return 1;
    case 7: {
      const f = new DataView(b.buffer, b.byteOffset + at, 8).getFloat64(0);
      return Number.isNaN(f) ? undefined : f; // SQLite stores NaN as NULL, never as a float
    }
  }
  if (type <= 6) return readInt(b, at, serialSize(type));
  const size = serialSize(type);
  const bytes = b.subarray(at, at + size);
  if (type % 2 === 0) return bytes.slice();
  try {
    const text = TEXT_DECODERS[encoding]!.decode(bytes);
    return CONTROL.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

function readInt(b: Uint8Array, at: number, size: number): number | bigint {
  if (size <= 6) {
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + b[at + i]!;
    return b[at]! & 0x80 ? v - 2 ** (8 * size) : v; // two's complement of `size` bytes
  }
  const big = new DataView(b.buffer, b.byteOffset + at, 8).getBigInt64(0);
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : big;
}

export interface RecordHeader {
  readonly types: number[];
  /** Offset where the body (the values) begins. */
  readonly bodyAt: number;
  /** Sum of the values' sizes. */
  readonly bodySize: number;
}

/** Columns in one record: SQLite's default SQLITE_MAX_COLUMN is 2000. */
export const MAX_COLUMNS = 2000;

/**
 * The header of a record at `at` (header-size varint, then serial types filling it exactly), or undefined when the
 * bytes cannot be one: a header that overruns `end`, a reserved type, more than `maxColumns` columns.
 */
export function parseRecordHeader(b: Uint8Array, at: number, end: number, maxColumns = MAX_COLUMNS): RecordHeader | undefined {
  const hs = readSize(b, at, end, 9 * maxColumns + 9);
  if (hs === undefined || hs.value < hs.next - at) return undefined;
  const headerEnd = at + hs.value;
  if (headerEnd > end) return undefined;
  const types: number[] = [];
  let bodySize = 0;
  for (let pos = hs.next; pos < headerEnd; ) {
    const t = readSize(b, pos, headerEnd, Number.MAX_SAFE_INTEGER);
    if (t === undefined || types.length >= maxColumns) return undefined;
    const size = serialSize(t.value);
    if (size < 0) return undefined;
    types.push(t.value);
    bodySize += size;
    pos = t.next;
  }
  return { types, bodyAt: headerEnd, bodySize };
}

/** All values of a record whose whole payload is in `b` (sqlite_master rows); undefined on bytes that do not decode. */
export function decodeRecord(b: Uint8Array, encoding: number): SqlValue[] | undefined {
  const h = parseRecordHeader(b, 0, b.length);
  if (h === undefined || h.bodyAt + h.bodySize > b.length) return undefined;
  const values: SqlValue[] = [];
  let pos = h.bodyAt;
  for (const t of h.types) {
    const v = decodeValue(t, b, pos, encoding);
    if (v === undefined) return undefined;
    values.push(v);
    pos += serialSize(t);
  }
  return values;
}
