/**
 * Deleted traces (issue 16): what the engine asks of a SQLite carver, and what a module declares to have its
 * deleted rows recovered. The carver itself (formats/sqlite-carve.ts) reads free space, freelist pages and old
 * `-wal` frames; it reaches the engine as a port (`ScanOptions.carve`) because the core never imports a format.
 */
import type { SqlValue } from "./host.ts";
import type { SourceFile } from "./source.ts";
import type { ExactInteger } from "./exact-int.ts";

/**
 * Where recovered bytes were: a freeblock or the unallocated gap of a live page, a freelist page, an old WAL frame,
 * or a page of the database file that the `-wal` has replaced ("superseded": the older copy).
 */
export type CarveWhere = "freeblock" | "unallocated" | "freelist" | "wal" | "superseded";

/** The place of a recovered record or string, precise enough for an expert to find the bytes again. */
export interface CarvedPlace {
  readonly where: CarveWhere;
  /** Page number in the database (in the WAL: the page the frame holds). */
  readonly page: number;
  /** 1-based frame number in the `-wal` file, for `where: "wal"`. */
  readonly walFrame?: number;
  /** Byte offset of the record in the file it was read from (the database, or the `-wal` for WAL frames). */
  readonly offset: number;
}

/** A deleted row: its values in the table's column order; `undefined` for a value that could not be recovered. */
export interface CarvedRow extends CarvedPlace {
  readonly table?: string;
  readonly values: readonly (SqlValue | undefined)[];
  readonly lostColumns: number;
  /** The row's ROWID when it survived (a freeblock overwrites it): the value of an INTEGER PRIMARY KEY column. */
  readonly rowid?: number | bigint;
}

/** A string found in free space that no record could be parsed from. */
export interface CarvedText extends CarvedPlace {
  readonly kind: "url" | "domain" | "email" | "process";
  readonly text: string;
}

/** Recovers deleted rows of `tables` and strings from a database (and its `-wal`); reads only, within hard bounds. */
export type Carver = (db: SourceFile, opts: { wal?: SourceFile; tables?: string[] }) => AsyncIterable<CarvedRow | CarvedText>;

/** A recovered value as records hold it: integers beyond 2^53 as ExactInteger (JSON-safe), never bigint. */
export type CarvedValue = number | string | Uint8Array | null | ExactInteger;

/** A recovered row by column name; a column whose value was lost is absent. */
export type CarvedColumns = Readonly<Record<string, CarvedValue>>;

/** A (partial) record of a module from a recovered row: any field may be null when its column was lost. */
export type PartialRecord<R> = { readonly [K in keyof R]?: R[K] | null };

/** One table a module has carved, and how a recovered row of it becomes a (partial) record of the module. */
export interface CarveTable<R> {
  readonly table: string;
  /**
   * The record, or undefined when the row holds nothing worth checking. `lost` names the columns whose values were
   * lost; a record must not invent them (leave them null).
   */
  toRecord(row: CarvedColumns, lost: readonly string[]): PartialRecord<R> | undefined;
}

export const isCarvedText = (c: CarvedRow | CarvedText): c is CarvedText => "text" in c && "kind" in c;
