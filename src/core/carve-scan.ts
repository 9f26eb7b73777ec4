/**
 * The engine's deleted-traces step (issue 16): for a database a module read, the carver's recovered rows become the
 * module's (partial) records and go through the same indicator matching and heuristics as live ones; recovered
 * strings are matched as URLs, domains, e-mail addresses and process names. Nothing recovered reaches the module's
 * MVT-compatible output: records go to `record` (the results folder writes `<module>_deleted.json`).
 */
import type { AnyArtifact } from "./artifact.ts";
import type { Alert } from "./events.ts";
import type { SqliteDb, SqlValue } from "./host.ts";
import type { SourceFile } from "./source.ts";
import { displayName } from "./source.ts";
import { describeError } from "./errors.ts";
import { heuristicAlerts, matchRecord } from "./check-record.ts";
import { fullRecord } from "./raw-json.ts";
import { exactInteger } from "./exact-int.ts";
import { isCarvedText, type CarvedColumns, type CarvedValue, type CarvedRow, type CarvedText, type Carver, type CarveTable } from "./carve-port.ts";
import { DELETED_KEY, deletedPlace, deletedPlaceOf, deletedWords } from "./carve-place.ts";
import type { CheckKind, IndicatorSet } from "../indicators/types.ts";

/** Recovered items remembered to drop repeats (a row in a freeblock and again in an old WAL frame of its page). */
const MAX_REMEMBERED = 100_000;

export interface CarveTarget {
  readonly def: AnyArtifact;
  /** The database as the module opened it, and its `-wal` when the acquisition has one. */
  readonly file: SourceFile;
  readonly wal?: SourceFile | undefined;
  /** The open database: the tables' columns in record order. */
  readonly db: SqliteDb;
  readonly indicators: IndicatorSet | undefined;
}

export interface CarveOut {
  /** A recovered record (the cross checks that see deleted records are shown it here too). */
  record(record: unknown): void;
  alert(a: Alert): void;
  warn(message: string, file: string): void;
  /** When it returns a promise, carving waits for it before the next item (a full `deferred` buffer). */
  ready?(): Promise<void> | undefined;
}

/**
 * Holds what carving gives out until `flush`, so that carving can run while a split table is parsed on other threads
 * and still write after it, in the same order as when it runs after (results byte-identical run to run). At most `max`
 * items are held: then carving waits for the flush. After it, items pass straight through.
 */
export function deferred(out: CarveOut, max: number): { out: CarveOut; flush(): void } {
  let held: (() => void)[] | undefined = [];
  let release: (() => void) | undefined;
  let full: Promise<void> | undefined;
  const hold = (f: () => void) => (held ? held.push(f) : f());
  return {
    out: {
      record: (r) => hold(() => out.record(r)),
      alert: (a) => hold(() => out.alert(a)),
      warn: (m, f) => hold(() => out.warn(m, f)),
      ready: () => (held && held.length >= max ? (full ??= new Promise<void>((r) => (release = r))) : undefined),
    },
    flush() {
      const items = held ?? [];
      held = undefined;
      for (const f of items) f();
      release?.();
    },
  };
}

interface TableShape {
  readonly decl: CarveTable<unknown>;
  readonly columns: readonly string[];
  /** The INTEGER PRIMARY KEY column: its value is the ROWID (the record stores NULL). */
  readonly rowidColumn: string | undefined;
}

/** The declared tables this database has, with their columns as SQLite stores them in a record. */
function shapes(def: AnyArtifact, db: SqliteDb): Map<string, TableShape> {
  const out = new Map<string, TableShape>();
  const have = db.tables();
  for (const decl of def.carve ?? []) {
    if (!have.has(decl.table) || out.has(decl.table)) continue;
    const info = [...db.rows<{ name: string; type: string; pk: number }>(`SELECT name, type, pk FROM pragma_table_info(?)`, [decl.table])];
    const pks = info.filter((c) => c.pk > 0);
    const rowidColumn = pks.length === 1 && /^integer$/i.test(pks[0]!.type) ? pks[0]!.name : undefined;
    out.set(decl.table, { decl, columns: info.map((c) => c.name), rowidColumn });
  }
  return out;
}

/** The row by column name; lost values are left out and named. */
function byName(row: CarvedRow, shape: TableShape): { columns: CarvedColumns; lost: string[] } {
  const columns: Record<string, CarvedValue> = {};
  const lost: string[] = [];
  shape.columns.forEach((name, i) => {
    let v = row.values[i];
    if (name === shape.rowidColumn && (v === null || v === undefined)) v = row.rowid === undefined ? undefined : typeof row.rowid === "bigint" ? Number(row.rowid) : row.rowid;
    if (v === undefined) lost.push(name);
    else columns[name] = typeof v === "bigint" ? exactInteger(v) : v;
  });
  return { columns, lost };
}

/** A key for a recovered row's content, so one row found in two places is reported once. */
function contentKey(table: string, values: readonly (SqlValue | undefined)[]): string {
  return table + "\u0001" + values.map((v) => (v instanceof Uint8Array ? `b${v.length}:${v.slice(0, 32).join(",")}` : v === undefined ? "\u0002" : String(v))).join("\u0001");
}

const TEXT_KIND_WORDS: Record<CarvedText["kind"], string> = { url: "domain or URL", domain: "domain", email: "email address", process: "process name" };

/** `record_type` of a string recovered from free space where no record parsed. */
export const CARVED_STRING = "carved_string";

/**
 * The alerts of one recovered record (a module record or a carved string, with its `deleted` place), as a scan raises
 * them and as `check-iocs` raises them again from `<module>_deleted.json`: the module's own checks with MVT's levels,
 * each message ending with where the bytes are. A record without a place is no deleted record: none.
 */
export function deletedAlerts(def: AnyArtifact, record: unknown, indicators: IndicatorSet | undefined, onError: (err: unknown) => void = () => {}): Alert[] {
  const place = deletedPlaceOf(record);
  if (!place || !record || typeof record !== "object") return [];
  const words = deletedWords(place);
  const r = record as Record<string, unknown>;
  if (r.record_type === CARVED_STRING) {
    const kind = r.kind as CarvedText["kind"];
    const match = indicators && indicators.total > 0 && typeof r.text === "string" && Object.hasOwn(TEXT_KIND_WORDS, kind) ? indicators.match(kind as CheckKind, r.text) : undefined;
    if (!match) return [];
    const level = def.indicators?.find((c) => c.kind === kind)?.level ?? "CRITICAL";
    const message = `Found a known ${TEXT_KIND_WORDS[kind]} "${match.value}" of ${match.name} in ${def.mvt}: ${r.text} (${words})`;
    return [{ level, module: def.slug, message, event_time: "", event: record, matched_indicator: match }];
  }
  return checked(def, record, indicators, onError).map((a) => ({ ...a, message: `${a.message} (${words})` }));
}

/** The module's record of a recovered row; undefined when the module wants none or the values are too odd to read. */
function recordOf(decl: CarveTable<unknown>, columns: CarvedColumns, lost: readonly string[]): object | undefined {
  try {
    const r = decl.toRecord(columns, lost);
    return r && typeof r === "object" ? r : undefined;
  } catch {
    return undefined; // values the carver recovered are hostile input: an odd type is no record
  }
}

/**
 * The same checks as a live record: indicators, then heuristics. A check written for whole records may trip on a
 * partial one; that check is skipped with a warning, the others still run.
 */
function checked(def: AnyArtifact, record: object, indicators: IndicatorSet | undefined, onError: (err: unknown) => void): Alert[] {
  const out: Alert[] = [];
  const loaded = !!indicators && indicators.total > 0;
  try {
    if (loaded) out.push(...matchRecord(def, record, indicators));
  } catch (err) {
    onError(err);
  }
  try {
    out.push(...heuristicAlerts(def, record, loaded ? indicators : undefined));
  } catch (err) {
    onError(err);
  }
  return out;
}

/**
 * Carves one database of a module and checks what comes back. Never throws: a damaged file or a carver error is
 * a warning, and what was recovered before it stays reported. Returns the number of recovered items written.
 */
export async function checkDeletedData(carver: Carver, t: CarveTarget, out: CarveOut): Promise<number> {
  const { def, indicators } = t;
  const tables = shapes(def, t.db);
  const seen = new Set<string>();
  const dbName = displayName(t.file);
  const walName = t.wal ? displayName(t.wal) : dbName;
  let written = 0;
  const firstTime = (key: string) => {
    if (seen.has(key)) return false;
    if (seen.size < MAX_REMEMBERED) seen.add(key);
    return true;
  };
  try {
    for await (const item of carver(t.file, { ...(t.wal ? { wal: t.wal } : {}), tables: [...tables.keys()] })) {
      const wait = out.ready?.();
      if (wait) await wait;
      const file = item.where === "wal" ? walName : dbName;
      if (isCarvedText(item)) {
        if (!firstTime(`${item.kind}\u0001${item.text}`)) continue;
        const record = { record_type: CARVED_STRING, kind: item.kind, text: item.text, [DELETED_KEY]: deletedPlace(file, null, item, []) };
        out.record(record);
        written++;
        for (const a of deletedAlerts(def, record, indicators)) out.alert(a);
        continue;
      }
      const shape = item.table === undefined ? undefined : tables.get(item.table);
      if (!shape || !firstTime(contentKey(shape.decl.table, item.values))) continue;
      const { columns, lost } = byName(item, shape);
      const partial = recordOf(shape.decl, columns, lost);
      if (partial === undefined) continue;
      const record = { ...fullRecord(partial), [DELETED_KEY]: deletedPlace(file, shape.decl.table, item, lost) };
      out.record(record);
      written++;
      for (const a of deletedAlerts(def, record, indicators, (e) => out.warn(`a deleted record of ${shape.decl.table} could not be checked whole (${describeError(e)})`, file))) out.alert(a);
    }
  } catch (err) {
    out.warn(`deleted data could not be carved entirely: ${describeError(err)}`, dbName);
  }
  return written;
}
