/**
 * Rows whose JSON text SQLite renders (json_quote, in MVT's indent=4 layout), for tables with many rows and many
 * columns: one string a row crosses into JS instead of every value, and JS serialises nothing. Measured on 250,000
 * sms.db messages (85 columns): 1.7 s to read the rendered text vs 2.6 s to read the bare values, which JS then
 * still had to serialise.
 *
 * JS renders the "holes": the columns a module reworks (sms text decoded from attributedBody) and those whose values
 * SQLite would not render as Python does (declared BLOB or no type → base64; REAL or NUMERIC → JS number text). A
 * blob in any other column stops the query with "JSON cannot hold BLOB values" (see `isJsonBlobError`): the module
 * reads the remaining rows the plain way. json_quote renders strings exactly as JSON.stringify does.
 */
import { sqlIdentifier, type SqliteDb } from "../../core/host.ts";
import { ExactInteger } from "../../core/exact-int.ts";
import type { RawJson, RawJsonPieces } from "../../core/raw-json.ts";
import { bytesToBase64 } from "../../core/json-text.ts";

export interface JsonMember {
  readonly key: string;
  /** The SQL expression of its value. */
  readonly sql: string;
  /** Rendered by JS from the row's value under `key` (which the module may rework first). */
  readonly hole?: boolean;
}

export interface Column {
  readonly name: string;
  readonly type: string;
}

const INDENT = "        "; // a member of a record in a list: depth 2
const SEP = ",\n" + INDENT;
// Arguments per concat() call: SQLite's default limit is 127 before 3.48.
const MAX_ARGS = 120;

/** A table's columns with their declared types, in table order. */
export function tableColumns(db: SqliteDb, table: string): Column[] {
  return [...db.rows<{ name: string; type: string | null }>("SELECT name, type FROM pragma_table_info(?)", [table])].map((c) => ({ name: c.name, type: c.type ?? "" }));
}

/** True when SQLite would not render a value of this declared type as Python does (SQLite's type affinity rules). */
export function needsJs(declaredType: string): boolean {
  const t = declaredType.toUpperCase();
  if (t.includes("INT")) return false;
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) return false;
  return true; // BLOB or untyped (any value), REAL, NUMERIC
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** JSON text of a value JS renders, as the results writer would (blobs in base64, exact long integers). */
function scalar(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof Uint8Array) return `"${bytesToBase64(v)}"`;
  if (typeof v === "bigint" || v instanceof ExactInteger) return v.toString();
  return JSON.stringify(v) ?? "null";
}

export class JsonRowPlan {
  /** The SELECT list: rendered segments as "_json0", "_json1"…, holes as their keys. */
  readonly select: string;
  /** The rendered segments' column names (SqliteDb.rows `rendered`). */
  readonly rendered: ReadonlySet<string>;
  private readonly segments: string[] = [];
  private readonly pieces: ({ segment: string } | { key: string; label: string })[] = [];

  constructor(members: readonly JsonMember[]) {
    const select: string[] = [];
    let run: JsonMember[] = [];
    const close = () => {
      if (!run.length) return;
      const alias = `_json${this.pieces.length}`;
      const args = run.flatMap((m, i) => [sqlString(`${i ? SEP : ""}${JSON.stringify(m.key)}: `), `json_quote(${m.sql})`]);
      const groups: string[] = [];
      for (let i = 0; i < args.length; i += MAX_ARGS) groups.push(`concat(${args.slice(i, i + MAX_ARGS).join(", ")})`);
      select.push(`${groups.length === 1 ? groups[0] : `concat(${groups.join(", ")})`} AS ${alias}`);
      this.pieces.push({ segment: alias });
      this.segments.push(alias);
      run = [];
    };
    for (const m of members) {
      if (!m.hole) {
        run.push(m);
        continue;
      }
      close();
      select.push(`${m.sql} AS ${sqlIdentifier(m.key)}`);
      this.pieces.push({ key: m.key, label: `${JSON.stringify(m.key)}: ` });
    }
    close();
    this.select = select.join(", ");
    this.rendered = new Set(this.segments);
  }

  /**
   * The record's text from a row of `select`, then `derived` (member lines from `membersJson`, or ""): a string, or
   * its pieces where the host gave rendered segments as bytes (`rendered`, passed to SqliteDb.rows).
   */
  render(row: Record<string, unknown>, derived: string): RawJson {
    for (let i = 0; i < this.segments.length; i++) if (typeof row[this.segments[i]!] !== "string") return this.renderPieces(row, derived);
    let out = "    {\n";
    for (let i = 0; i < this.pieces.length; i++) {
      const p = this.pieces[i]!;
      out += (i ? SEP : INDENT) + ("segment" in p ? (row[p.segment] as string) : p.label + scalar(row[p.key]));
    }
    return out + (derived ? ",\n" + derived : "") + "\n    }";
  }

  /**
   * The pieces in order, the strings left apart: the writer copies short flat strings a character at a time, and a
   * string joined by + is a rope it would have to flatten first (1.2–1.7× the time, measured in a Chromium worker).
   */
  private renderPieces(row: Record<string, unknown>, derived: string): RawJsonPieces {
    const out: (string | Uint8Array)[] = ["    {\n"];
    for (let i = 0; i < this.pieces.length; i++) {
      const p = this.pieces[i]!;
      out.push(i ? SEP : INDENT);
      if ("segment" in p) out.push(row[p.segment] as string | Uint8Array);
      else out.push(p.label, scalar(row[p.key]));
    }
    if (derived) out.push(",\n", derived);
    out.push("\n    }");
    return out;
  }
}

/** The error SQLite raises when json_quote meets a blob (in a column whose declared type said otherwise). */
export function isJsonBlobError(err: unknown): boolean {
  return err instanceof Error && /JSON cannot hold BLOB values/i.test(err.message);
}
