/** Helpers for artifact modules that read SQLite: JSON-safe rows and schema probing. */
import type { SqliteDb, SqlRow, SqlValue } from "../../core/host.ts";
import { bytesToBase64 } from "../../core/json-text.ts";
import { exactInteger } from "../../core/exact-int.ts";

/** A row as a JSON-safe record: blobs → base64 (as MVT writes them), bigints → numbers or ExactInteger. */
export function jsonRow(row: SqlRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in row) out[k] = jsonValue(row[k]!);
  return out;
}

export function jsonValue(v: SqlValue): unknown {
  if (v instanceof Uint8Array) return bytesToBase64(v);
  if (typeof v === "bigint") return exactInteger(v);
  return v;
}

/** True when every named table exists. */
export function hasTables(db: SqliteDb, ...names: string[]): boolean {
  const t = db.tables();
  return names.every((n) => t.has(n));
}

/** The subset of `wanted` columns that a table has (schemas differ across iOS versions). */
export function existingColumns(db: SqliteDb, table: string, wanted: readonly string[]): string[] {
  const have = new Set(db.columns(table));
  return wanted.filter((c) => have.has(c));
}

/** Text of a value that may be a blob (some columns hold UTF-8 bytes). */
export function text(v: SqlValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return String(v);
}
