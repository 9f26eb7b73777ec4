/** Host capabilities that the core cannot provide with Web-standard globals alone. */
import type { SourceFile } from "./source.ts";
import type { ChunkPool, PoolSetup } from "./chunk-pool.ts";

export type SqlValue = number | bigint | string | Uint8Array | null;
export type SqlRow = Record<string, SqlValue>;

/** An SQL identifier (table, column, alias) quoted for any name, quotes included. */
export const sqlIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A read-only SQLite database. Implementations never write to the evidence. */
export interface SqliteDb {
  /**
   * Rows of a query, streamed. `bigints` returns every integer as bigint (for 18-digit nanosecond dates).
   * `rendered`: columns of JSON text SQLite rendered, which the caller writes out as they are (sql-json.ts): a host
   * may give such a text as its bytes when it is ASCII without DEL, instead of a string: a Uint8Array LENT until the
   * next row of the query is read (its memory is reused), so the row's record must be written out before that.
   */
  rows<T = SqlRow>(sql: string, params?: readonly SqlValue[], opts?: { bigints?: boolean; rendered?: ReadonlySet<string> }): IterableIterator<T>;
  tables(): Set<string>;
  columns(table: string): string[];
  close(): void;
  /** How another thread of this host opens the same database again (host-defined plain data), when it can. */
  readonly share?: unknown;
}

/** A writer for one output file; strings are written as UTF-8, bytes as they are (and may be reused after). */
export interface OutputWriter {
  /** Bytes are used before it returns, never kept: the caller may reuse them (results' buffers are recycled). */
  write(data: string | Uint8Array): void;
  close(): Promise<void>;
}

/** A place to write result files (a folder on disk, or memory in the browser). */
export interface OutputDir {
  readonly path: string;
  create(name: string): OutputWriter;
  exists(name: string): Promise<boolean>;
  read(name: string): Promise<string | undefined>;
  list(): Promise<string[]>;
}

/**
 * Reads a spilled run back in order, in batches of about `batchBytes`; `location` (host-defined plain data), when
 * present, lets another thread of the host read it too.
 */
export type SpilledRun = ((batchBytes: number) => AsyncIterable<string[]>) & { readonly location?: unknown };

/** Scratch space for spilling sorted runs (large timelines) outside memory. */
export interface Scratch {
  /**
   * Stores a run of lines ("\n"-separated, none holding a line break), as text or as its UTF-8 bytes in pieces;
   * returns how to read them back in order.
   */
  spill(run: string | readonly Uint8Array[]): Promise<SpilledRun>;
  /**
   * Stores a stream of bytes as a random-access file in the scratch space (an archive member that must be read at
   * random, such as a deflated bugreport.zip inside an androidqf zip), named `path` to users; optional: a host
   * without it keeps such members in memory, under a smaller bound.
   */
  file?(path: string, data: ReadableStream<Uint8Array>): Promise<SourceFile>;
  /** Frees the space; a host may finish removing files in the background (before the process exits). */
  dispose(): Promise<void>;
}

export interface Host {
  /** Opens a database read-only; `wal` is the file's `-wal` sidecar when the acquisition holds one. */
  sqlite(file: SourceFile, sidecars?: { wal?: SourceFile }): Promise<SqliteDb>;
  sha256(file: SourceFile): Promise<string>;
  scratch(): Promise<Scratch>;
  /** A faster raw AES-256-CBC than WebCrypto, when the host has one (encrypted backups); optional. */
  aesCbcDecryptor?: (key: Uint8Array) => { update(piece: Uint8Array): Uint8Array };
  /** Threads that parse parts of large tables (see `splitRows`), when the host has them; optional. */
  readonly parallel?: { start(setup: PoolSetup): ChunkPool };
}
