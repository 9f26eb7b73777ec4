/**
 * The tables of a SQLite database as the carver needs them: name, root page, and the stored columns in CREATE TABLE
 * order with their affinity and which one (if any) is the rowid alias (an INTEGER PRIMARY KEY, stored as NULL).
 * Read from sqlite_master's live b-tree (page 1); WITHOUT ROWID and virtual tables hold no rowid records: left out.
 */
import { leafCellAt } from "./sqlite-btree.ts";
import type { PageSource } from "./sqlite-pages.ts";
import { affinityOf, decodeRecord } from "./sqlite-record.ts";
import type { Affinity } from "./sqlite-record.ts";
import { pageMarks, readPayload, tablePages } from "./sqlite-tree.ts";

export interface TableSchema {
  readonly name: string;
  readonly columns: string[];
  readonly affinities: Affinity[];
  /** Index of the INTEGER PRIMARY KEY column, -1 when the table has none. */
  readonly rowidAlias: number;
  readonly rootPage: number;
}

/** sqlite_master rows read at most (a schema is tens to hundreds of rows). */
const MAX_SCHEMA_ROWS = 10_000;
/** Longest CREATE statement read. */
const MAX_SQL = 1024 * 1024;

export async function readSchema(src: PageSource, maxPages: number): Promise<TableSchema[]> {
  const out: TableSchema[] = [];
  let rows = 0;
  for await (const { bytes, page } of tablePages(src, 1, pageMarks(src.header.pageCount), maxPages)) {
    if (page.type !== 0x0d) continue;
    for (const c of page.cells) {
      if (++rows > MAX_SCHEMA_ROWS) return out;
      const cell = leafCellAt(bytes, c, src.header.usable);
      if (!cell || cell.payload > MAX_SQL) continue;
      const values = decodeRecord(await readPayload(src, bytes, cell), src.header.encoding);
      if (!values || values[0] !== "table" || typeof values[1] !== "string" || typeof values[3] !== "number" || typeof values[4] !== "string") continue;
      const t = tableFromSql(values[1], values[3], values[4]);
      if (t) out.push(t);
    }
  }
  return out;
}

/** A table's stored columns from its CREATE TABLE statement, or undefined for tables without rowid records. */
export function tableFromSql(name: string, rootPage: number, sql: string): TableSchema | undefined {
  if (rootPage < 1 || /^\s*CREATE\s+VIRTUAL\b/i.test(sql) || /\)\s*WITHOUT\s+ROWID\s*[;,]?\s*$/i.test(sql) || name.startsWith("sqlite_")) return undefined;
  const open = sql.indexOf("(");
  const close = sql.lastIndexOf(")");
  if (open < 0 || close <= open) return undefined;
  const columns: string[] = [];
  const affinities: Affinity[] = [];
  const declared: string[] = [];
  let rowidAlias = -1;
  let pkColumn: string | undefined;
  for (const def of splitTopLevel(sql.slice(open + 1, close))) {
    const d = def.trim();
    const tableConstraint = /^(CONSTRAINT|PRIMARY\s+KEY|UNIQUE|CHECK|FOREIGN\s+KEY)\b/i.exec(d);
    if (tableConstraint) {
      const pk = /^(?:CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY\s*\(\s*([^,)\s]+)\s*(?:ASC|DESC)?\s*\)/i.exec(d);
      if (pk) pkColumn = unquote(pk[1]!);
      continue;
    }
    const m = /^("(?:[^"]|"")+"|\[[^\]]+\]|`(?:[^`]|``)+`|'(?:[^']|'')+'|\S+)\s*(.*)$/s.exec(d);
    if (!m) continue;
    const rest = m[2]!;
    // Virtual generated columns are computed on read, never stored in the record.
    if (/\bAS\s*\(/i.test(rest) && !/\bSTORED\b/i.test(rest)) continue;
    const type = /^((?:(?!\b(?:CONSTRAINT|PRIMARY|NOT|NULL|UNIQUE|CHECK|DEFAULT|COLLATE|REFERENCES|GENERATED|AS)\b)[^,])*)/i.exec(rest)![1]!.trim();
    const col = unquote(m[1]!);
    if (/^INTEGER$/i.test(type) && /\bPRIMARY\s+KEY\b(?!\s+DESC)/i.test(rest)) rowidAlias = columns.length;
    columns.push(col);
    declared.push(type);
    affinities.push(affinityOf(type));
  }
  if (pkColumn !== undefined && rowidAlias < 0) {
    const i = columns.findIndex((c) => c.toLowerCase() === pkColumn!.toLowerCase());
    if (i >= 0 && /^INTEGER$/i.test(declared[i]!)) rowidAlias = i;
  }
  return columns.length ? { name, columns, affinities, rowidAlias, rootPage } : undefined;
}

function unquote(s: string): string {
  const q = s[0];
  if (q === '"' || q === "`" || q === "'") return s.slice(1, -1).replaceAll(q + q, q);
  if (q === "[") return s.slice(1, -1);
  return s;
}

/** Splits a column list on commas outside parentheses and quotes. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "[") quote = "]";
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}
