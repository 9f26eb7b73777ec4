/**
 * SQLite in a browser worker: wa-sqlite's synchronous build over BlobVfs, behind the core's SqliteDb (rows are a
 * synchronous iterator, as with better-sqlite3 in Node). The C API is called directly: wa-sqlite's JavaScript API is
 * asynchronous, and the core's port is not.
 */
import ModuleFactory from "@journeyapps/wa-sqlite/dist/wa-sqlite.mjs";
import { SpyglassError } from "../core/errors.ts";
import { isSqliteHeader } from "../formats/sqlite-pages.ts";
import { sqlIdentifier, type SqliteDb, type SqlRow, type SqlValue } from "../core/host.ts";
import { BlobVfs, type SyncReader } from "./blob-vfs.ts";
import { RenderedArena } from "./rendered-arena.ts";
import type { OpfsFile } from "./opfs-output.ts";

const SQLITE_ROW = 100;
const SQLITE_DONE = 101;
const TYPE = { INTEGER: 1, FLOAT: 2, TEXT: 3, BLOB: 4, NULL: 5 } as const;
const OPEN_READWRITE = 0x2;
const VFS_NAME = "spyglass-blob";
const STATEMENT_CACHE = 16;
/** One decoder for every text value (a TextDecoder per value cost more than the query). */
const UTF8 = new TextDecoder();
/**
 * Texts up to this many bytes are decoded here when ASCII: Chromium's TextDecoder costs ~400 ns a call however short
 * the text, a loop ~145 ns for 12 bytes and as much as the decoder at ~40 (a message row has several short texts).
 */
const SHORT_TEXT = 24;

/** `n` bytes at `p` of the heap as text: ASCII decoded here when short, else by the TextDecoder. */
function text(heap: Uint8Array, p: number, n: number): string {
  if (n > SHORT_TEXT) return UTF8.decode(heap.subarray(p, p + n));
  let s = "";
  for (let i = p; i < p + n; i++) {
    const b = heap[i]!;
    if (b > 0x7f) return UTF8.decode(heap.subarray(p, p + n));
    s += String.fromCharCode(b);
  }
  return s;
}

/** How another worker opens the same database again (SqliteDb.share): the evidence Blobs it reads. */
export interface BlobShare {
  /**
   * Names the database among those shared: a worker keeps one connection per JSON of the share, and a Blob's JSON
   * is "{}" (without it, two databases were one to a worker).
   */
  readonly id: string;
  readonly blob: Blob;
  readonly wal?: Blob | undefined;
  /** The database's copy in the run's OPFS folder (evidence-copy.ts), read through a read-only handle. */
  readonly copy?: OpfsFile | undefined;
}

/** Where the module's .wasm is (default: beside wa-sqlite.mjs, as bundlers place it), or its bytes. */
export type WasmSource = { wasmBinary: ArrayBuffer | Uint8Array } | { locateFile: (name: string) => string } | undefined;

interface Engine {
  readonly m: any;
  readonly vfs: BlobVfs;
}

let engine: Promise<Engine> | undefined;

function load(wasm: WasmSource): Promise<Engine> {
  return (engine ??= (async () => {
    const m = await ModuleFactory(wasm ?? {});
    const vfs = new BlobVfs(VFS_NAME, m);
    await vfs.isReady();
    if (m.vfs_register(vfs, false) !== 0) throw new Error("cannot register the SQLite VFS");
    return { m, vfs };
  })());
}

let opened = 0;

/**
 * Opens a database read-only over `reader` (and its `-wal` over `wal`); `label` names it in errors. The evidence is
 * never written: what SQLite writes (replaying the WAL) stays in memory. `share`: the Blobs the readers read, for a
 * nested worker to open it too (large tables are then parsed in ranges on the host's threads). `cacheKiB`: SQLite's
 * page cache (2 MiB by default). `rowTexts`: a row's texts decoded in one call (rowTextsOf), for readers that render a
 * row and drop it (a text then keeps its row's others alive while it lives).
 */
export async function openWasmSqlite(reader: SyncReader, label: string, wal: SyncReader | undefined, wasm: WasmSource, share?: BlobShare, cacheKiB?: number, rowTexts = false): Promise<SqliteDb> {
  const { m, vfs } = await load(wasm);
  const head = new Uint8Array(100);
  reader.readInto(head, 0);
  if (!isSqliteHeader(head)) {
    throw new SpyglassError("E_CORRUPT", "not a SQLite database (file is encrypted or damaged)", { file: label });
  }
  const name = `/db-${++opened}`;
  vfs.serve(name, reader);
  if (wal) vfs.serve(`${name}-wal`, wal);
  const tmp = m._malloc(8);
  const errmsg = (db: number) => m.UTF8ToString(m._sqlite3_errmsg(db));
  let db = 0;
  try {
    const rc = m.ccall("sqlite3_open_v2", "number", ["string", "number", "number", "string"], [name, tmp, OPEN_READWRITE, VFS_NAME]);
    db = m.getValue(tmp, "*");
    if (rc !== 0) throw new Error(db ? errmsg(db) : `open failed (${rc})`);
  } catch (cause) {
    m._free(tmp);
    if (db) m._sqlite3_close_v2(db);
    vfs.forget(name);
    throw new SpyglassError("E_CORRUPT", `cannot open database: ${(cause as Error).message}`, { file: label, cause });
  }
  m._free(tmp);
  const conn = new Connection(m, db, label, () => (vfs.forget(name), reader.close?.()), share, rowTexts);
  try {
    // Exclusive locking keeps a WAL's index in this heap: a VFS without shared memory can then read a WAL.
    [...conn.rows("PRAGMA locking_mode=EXCLUSIVE")];
    if (cacheKiB) [...conn.rows(`PRAGMA cache_size=${-Math.floor(cacheKiB)}`)];
    [...conn.rows("SELECT count(*) FROM sqlite_master")];
  } catch (cause) {
    conn.close();
    throw new SpyglassError("E_CORRUPT", `cannot open database: ${(cause as Error).message}`, { file: label, cause });
  }
  return conn;
}

class Connection implements SqliteDb {
  private readonly stmts = new Map<string, number>();
  private readonly busy = new Set<number>();
  constructor(
    private readonly m: any,
    private db: number,
    private readonly label: string,
    private readonly onClose: () => void,
    readonly share?: BlobShare,
    private readonly rowTexts = false,
  ) {}
  /** Where a row's texts are gathered to be decoded at once (rowTexts), in SQLite's heap; grown as needed. */
  private gather = { at: 0, size: 0 };

  private fail(what: string): never {
    throw new SpyglassError("E_CORRUPT", `${what}: ${this.m.UTF8ToString(this.m._sqlite3_errmsg(this.db))}`, { file: this.label });
  }

  private prepare(sql: string): number {
    const cached = this.stmts.get(sql);
    if (cached !== undefined && !this.busy.has(cached)) {
      this.stmts.delete(sql);
      this.stmts.set(sql, cached);
      return cached;
    }
    const m = this.m;
    const utf8 = new TextEncoder().encode(sql);
    const mem = m._malloc(utf8.length + 1 + 8);
    m.HEAPU8.set(utf8, mem);
    m.HEAPU8[mem + utf8.length] = 0;
    const pStmt = mem + utf8.length + 1;
    const aligned = (pStmt + 3) & ~3;
    try {
      if (m._sqlite3_prepare_v2(this.db, mem, utf8.length, aligned, 0) !== 0) this.fail("query failed");
      const stmt = m.getValue(aligned, "*") as number;
      if (cached === undefined) {
        if (this.stmts.size >= STATEMENT_CACHE) {
          const [oldSql, old] = this.stmts.entries().next().value!;
          if (!this.busy.has(old)) m._sqlite3_finalize(old);
          this.stmts.delete(oldSql);
        }
        this.stmts.set(sql, stmt);
      }
      return stmt;
    } finally {
      m._free(mem);
    }
  }

  private bind(stmt: number, params: readonly SqlValue[]): void {
    const m = this.m;
    params.forEach((v, k) => {
      const i = k + 1;
      let rc: number;
      if (v === null) rc = m._sqlite3_bind_null(stmt, i);
      else if (typeof v === "number") rc = Number.isSafeInteger(v) ? this.bindInt64(stmt, i, BigInt(v)) : m._sqlite3_bind_double(stmt, i, v);
      else if (typeof v === "bigint") rc = this.bindInt64(stmt, i, v);
      else if (typeof v === "string") {
        const utf8 = new TextEncoder().encode(v);
        const p = m._sqlite3_malloc(utf8.length + 1);
        m.HEAPU8.set(utf8, p);
        rc = m._sqlite3_bind_text(stmt, i, p, utf8.length, m._getSqliteFree());
      } else {
        const p = m._sqlite3_malloc(Math.max(1, v.length));
        m.HEAPU8.set(v, p);
        rc = m._sqlite3_bind_blob(stmt, i, p, v.length, m._getSqliteFree());
      }
      if (rc !== 0) this.fail("cannot bind a parameter");
    });
  }

  private bindInt64(stmt: number, i: number, v: bigint): number {
    // The build passes 64-bit integers as two 32-bit halves.
    return this.m._sqlite3_bind_int64(stmt, i, Number(BigInt.asUintN(32, v)), Number(BigInt.asIntN(32, v >> 32n)));
  }

  /** One value of the current row: the hot path (10^6 rows × columns), so no allocation beyond the value itself. */
  private column(stmt: number, i: number, bigints: boolean, type: number = this.m._sqlite3_column_type(stmt, i)): SqlValue {
    const m = this.m;
    switch (type) {
      case TYPE.INTEGER: {
        const lo = m._sqlite3_column_int64(stmt, i) >>> 0;
        const hi = m._getTempRet0() | 0;
        if (!bigints && hi >= -0x200000 && hi < 0x200000) return hi * 0x100000000 + lo; // a safe integer: no BigInt
        const n = (BigInt(hi) << 32n) | BigInt(lo);
        return bigints ? n : Number(n);
      }
      case TYPE.FLOAT:
        return m._sqlite3_column_double(stmt, i);
      case TYPE.TEXT: {
        const p = m._sqlite3_column_text(stmt, i);
        return text(m.HEAPU8, p, m._sqlite3_column_bytes(stmt, i));
      }
      case TYPE.BLOB: {
        const p = m._sqlite3_column_blob(stmt, i);
        const n = m._sqlite3_column_bytes(stmt, i);
        return m.HEAPU8.slice(p, p + n) as Uint8Array; // a copy: the heap is reused by the next step
      }
      default:
        return null;
    }
  }

  /**
   * The current row into `row`, its texts decoded with one TextDecoder call: they are copied one after the other in
   * SQLite's heap and the decoded text is cut at their byte offsets, which are character offsets when the text has as
   * many characters as bytes (no multi-byte sequence, which a cut could have joined across two values); otherwise
   * each is decoded alone. A message row has ~15 texts, and Chromium's decoder costs ~400 ns a call however short.
   */
  private rowWithTexts(stmt: number, names: readonly string[], row: Record<string, SqlValue | Uint8Array>, bigints: boolean, rendered?: readonly boolean[], arena?: RenderedArena): void {
    const m = this.m;
    const texts: number[] = []; // column, pointer, bytes
    let total = 0;
    for (let i = 0; i < names.length; i++) {
      // The type passed on: one call into WebAssembly fewer per value (10^6 rows × ~10 non-text columns).
      const type = m._sqlite3_column_type(stmt, i);
      if (type !== TYPE.TEXT) {
        row[names[i]!] = this.column(stmt, i, bigints, type);
        continue;
      }
      const p = m._sqlite3_column_text(stmt, i);
      const n = m._sqlite3_column_bytes(stmt, i);
      if (rendered?.[i]) {
        // Rendered JSON as bytes lent until the next row; text when it has something to escape.
        row[names[i]!] = arena!.copy(m.HEAPU8, p, n) ?? text(m.HEAPU8, p, n);
        continue;
      }
      texts.push(i, p, n);
      total += n;
    }
    if (texts.length <= 3) {
      if (texts.length) row[names[texts[0]!]!] = text(m.HEAPU8, texts[1]!, texts[2]!);
      return;
    }
    if (total > this.gather.size) {
      if (this.gather.at) m._free(this.gather.at);
      this.gather = { size: Math.max(total, 2 * this.gather.size, 16 << 10), at: 0 };
      this.gather.at = m._malloc(this.gather.size);
    }
    const heap: Uint8Array = m.HEAPU8; // after the malloc: a grown heap is a new array
    let at = this.gather.at;
    for (let k = 0; k < texts.length; k += 3) {
      heap.copyWithin(at, texts[k + 1]!, texts[k + 1]! + texts[k + 2]!);
      at += texts[k + 2]!;
    }
    const all = UTF8.decode(heap.subarray(this.gather.at, at));
    const whole = all.length === total;
    let from = 0;
    for (let k = 0; k < texts.length; k += 3) {
      const n = texts[k + 2]!;
      row[names[texts[k]!]!] = whole ? all.slice(from, from + n) : text(heap, texts[k + 1]!, n);
      from += n;
    }
  }

  /** Prepared and bound at the call (errors are thrown here, as better-sqlite3 does); stepped as it is read. */
  rows<T = SqlRow>(sql: string, params: readonly SqlValue[] = [], opts: { bigints?: boolean; rendered?: ReadonlySet<string> } = {}): IterableIterator<T> {
    const m = this.m;
    const stmt = this.prepare(sql);
    this.busy.add(stmt);
    const release = () => {
      m._sqlite3_reset(stmt);
      this.busy.delete(stmt);
      if (![...this.stmts.values()].includes(stmt)) m._sqlite3_finalize(stmt);
    };
    let names: string[];
    try {
      m._sqlite3_clear_bindings(stmt);
      this.bind(stmt, params);
      names = Array.from({ length: m._sqlite3_column_count(stmt) }, (_, i) => m.UTF8ToString(m._sqlite3_column_name(stmt, i)) as string);
    } catch (err) {
      release();
      throw err;
    }
    const self = this;
    // Rendered JSON as bytes only where rows are rendered and dropped (rowTexts: the page's scan workers).
    const rendered = self.rowTexts && opts.rendered?.size ? names.map((n) => opts.rendered!.has(n)) : undefined;
    const arena = rendered && new RenderedArena();
    return (function* () {
      try {
        for (;;) {
          const rc = m._sqlite3_step(stmt);
          if (rc === SQLITE_DONE) return;
          if (rc !== SQLITE_ROW) self.fail("query failed");
          const row: Record<string, SqlValue | Uint8Array> = {};
          arena?.row();
          if (self.rowTexts) self.rowWithTexts(stmt, names, row, !!opts.bigints, rendered, arena);
          else for (let i = 0; i < names.length; i++) row[names[i]!] = self.column(stmt, i, !!opts.bigints);
          yield row as T;
        }
      } finally {
        release();
      }
    })();
  }

  tables(): Set<string> {
    return new Set([...this.rows<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table','view')")].map((r) => r.name));
  }

  columns(table: string): string[] {
    return [...this.rows<{ name: string }>(`PRAGMA table_info(${sqlIdentifier(table)})`)].map((r) => r.name);
  }

  close(): void {
    if (!this.db) return;
    for (const s of this.stmts.values()) this.m._sqlite3_finalize(s);
    this.stmts.clear();
    this.m._sqlite3_close_v2(this.db);
    this.db = 0;
    if (this.gather.at) this.m._free(this.gather.at);
    this.gather = { at: 0, size: 0 };
    this.onClose();
  }
}
