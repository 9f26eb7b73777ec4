/**
 * How a recovered (deleted) record says where it came from: the `deleted` member every record of a
 * `<module>_deleted.json` carries, and the words alerts and the verdict use for it.
 */
import type { Alert } from "./events.ts";
import type { CarvedPlace, CarveWhere } from "./carve-port.ts";

/** A module's file of recovered records in a results folder: `<slug>_deleted.json`. */
export const DELETED_SUFFIX = "_deleted.json";

/** The member a recovered record carries (a live record never has it). */
export const DELETED_KEY = "deleted";

/** Where a deleted record was found, as written into the record (JSON-safe, snake_case like the records). */
export interface DeletedPlace {
  /** The file the bytes are in: the database, or its `-wal` for an old WAL frame (as users see file names). */
  readonly file: string;
  readonly table: string | null;
  readonly where: CarveWhere;
  readonly page: number;
  readonly wal_frame: number | null;
  /** Byte offset in `file`, so an expert can check the bytes with a hex viewer. */
  readonly offset: number;
  /** Columns whose values could not be recovered (a freeblock overwrites a record's first bytes). */
  readonly lost_columns: readonly string[];
  /** The same in words: "freelist page 12", "free space of page 3", "WAL frame 7 (page 2)". */
  readonly found_in: string;
}

const REGION: Record<CarveWhere, (p: CarvedPlace) => string> = {
  freeblock: (p) => `free space of page ${p.page}`,
  unallocated: (p) => `unallocated space of page ${p.page}`,
  freelist: (p) => `freelist page ${p.page}`,
  wal: (p) => `WAL frame ${p.walFrame ?? "?"} (page ${p.page})`,
  superseded: (p) => `the database file's older copy of page ${p.page} (the -wal replaces it)`,
};

export function deletedPlace(file: string, table: string | null, p: CarvedPlace, lost: readonly string[]): DeletedPlace {
  return { file, table, where: p.where, page: p.page, wal_frame: p.walFrame ?? null, offset: p.offset, lost_columns: lost, found_in: REGION[p.where](p) };
}

/** The place of a recovered record or of an alert's event; undefined for a live one. */
export function deletedPlaceOf(record: unknown): DeletedPlace | undefined {
  if (!record || typeof record !== "object" || Array.isArray(record)) return undefined;
  const p = (record as Record<string, unknown>)[DELETED_KEY];
  return p && typeof p === "object" && typeof (p as DeletedPlace).found_in === "string" ? (p as DeletedPlace) : undefined;
}

/** Whether an alert is about a deleted record (its event carries the place). */
export const isDeletedAlert = (a: Pick<Alert, "event">): boolean => deletedPlaceOf(a.event) !== undefined;

/** The words an alert about a deleted record ends with: it says "deleted", where, and the byte offset. */
export const deletedWords = (p: DeletedPlace): string => `DELETED record recovered from ${p.found_in} of ${p.file}, byte offset ${p.offset}`;
