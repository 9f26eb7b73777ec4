/** defineArtifact(): the declaration every artifact module exports (an identity function for types). */
import type { Finding, TimelineEvent } from "./events.ts";
import type { Host, SqliteDb } from "./host.ts";
import type { FileListing } from "./listing.ts";
import type { SourceDir, SourceFile } from "./source.ts";
import type { CheckKind, IndicatorBucket, IndicatorMatch } from "../indicators/types.ts";
import type { AlertLevel } from "./events.ts";
import type { CarveTable } from "./carve-port.ts";
import type { RowRange } from "./chunk-pool.ts";

export type InputKind = "ios-backup" | "ios-fs" | "sysdiagnose" | "androidqf" | "bugreport" | "android-backup" | "intrusion-logs";

/**
 * Where an artifact's evidence is. For iOS backups: `domain` + `path` (exact), `path` alone (any domain),
 * `pathLike` (SQL LIKE with `*` as wildcard, any or the given domain), or `top` for a top-level file of the
 * backup folder (Info.plist, Manifest.db). For folders/archives: `glob` relative to the acquisition root.
 */
export type Selector =
  | { readonly from: "ios-backup"; readonly domain?: string; readonly path?: string; readonly pathLike?: string; readonly domainLike?: string; readonly nameStartsWith?: string }
  | { readonly from: "ios-backup"; readonly top: string }
  | { readonly from: Exclude<InputKind, "ios-backup">; readonly glob: string };

/** What one parse call receives: the selected file, and the acquisition for artifacts that read several. */
export interface ArtifactInput {
  readonly file: SourceFile;
  readonly root: SourceDir;
  readonly kind: InputKind;
  /** Only these rows of `splitRows.table`, or entries of the listing (`splitListing`), when the engine splits it. */
  readonly rows?: RowRange;
}

export type { RowRange } from "./chunk-pool.ts";

/**
 * The SQL condition of a range on a column ("1" for a whole table), with its bound values as parameters: one
 * prepared statement serves every range.
 */
export function rangeSql(column: string, rows: RowRange | undefined): { sql: string; params: number[] } {
  if (!rows) return { sql: "1", params: [] };
  const parts: string[] = [];
  const params: number[] = [];
  if (!rows.first) {
    parts.push(`${column} >= ?`);
    params.push(rows.from);
  }
  if (!rows.last) {
    parts.push(rows.first ? `(${column} < ? OR ${column} IS NULL)` : `${column} < ?`);
    params.push(rows.to);
  }
  return { sql: parts.join(" AND ") || "1", params };
}

export interface ParseContext {
  readonly host: Host;
  /** Opens the input as SQLite read-only (with its `-wal` sidecar when the acquisition has one). */
  sqlite(file: SourceFile): Promise<SqliteDb>;
  /** The first file a selector names in this acquisition (a second database a module reads beside its own). */
  find(selector: Selector): Promise<SourceFile | undefined>;
  /** Every file a selector names, in the acquisition's order (a module whose result spans its files: _shared/every-file.ts). */
  findAll(selector: Selector): AsyncIterable<SourceFile>;
  /** Records of an artifact this one depends on (declared in `dependsOn`). */
  resultsOf(id: string): readonly unknown[];
  /** Notes a problem that does not stop the module. */
  warn(message: string, file?: string): void;
  /**
   * Counts one more row with this problem (e.g. "Manifest.db rows have unreadable file metadata"): reported once
   * per file, "<count> <problem>; first: <example>", however the file's rows were split across threads.
   */
  countProblem(problem: string, example: string): void;
  /** Raises a finding that no single record carries (e.g. rows deleted from a table). */
  alert(finding: Finding): void;
  readonly indicatorsLoaded: boolean;
  /** Facts about the device from the acquisition (OS version, time zone, androidqf acquisition context…). */
  readonly device: Readonly<Record<string, unknown>>;
  /** The whole tree of the acquisition, when its input offers one (filesystem dumps: Filesystem, Datausage). */
  readonly listing?: FileListing | undefined;
  /** `--fast`, as MVT's: slow heuristics are skipped (a dump's search for process binaries). */
  readonly fast?: boolean | undefined;
}

/** A record-level heuristic: pure, returns zero or more findings. */
export interface HeuristicContext {
  readonly indicatorsLoaded: boolean;
  /** Indicator lookup for heuristics that combine matches (e.g. a redirect between two known domains). */
  readonly match?: ((kind: CheckKind, value: string) => IndicatorMatch | undefined) | undefined;
}

export type Heuristic<R> = (record: R, ctx: HeuristicContext) => Finding | readonly Finding[] | undefined | null | false;

/** Which record fields are checked as which indicator kind; the engine matches. */
export interface IndicatorCheck<R> {
  readonly kind: CheckKind;
  readonly values: (record: R) => unknown;
  /** Alert level for a match; CRITICAL unless MVT uses another for this module. */
  readonly level?: AlertLevel;
  /** Only with these buckets (e.g. a file path checked only against file_paths). */
  readonly buckets?: readonly IndicatorBucket[];
  /** A costly check MVT skips under `--fast` (ScanOptions.fast). */
  readonly slow?: boolean;
}

export interface ArtifactDef<R = Record<string, unknown>> {
  /** `platform.file-stem`, e.g. "ios.sms". */
  readonly id: string;
  readonly platform: "ios" | "android";
  /** MVT's class name: the "Plugin" column in timeline.csv. */
  readonly mvt: string;
  /** MVT's slug: output file stem and alert `module`. */
  readonly slug: string;
  readonly description: string;
  readonly sources: readonly Selector[];
  readonly dependsOn?: readonly string[];
  /** A dict-shaped result (MVT writes an object, not a list): records are [key, value] pairs. */
  readonly output?: "list" | "dict";
  /**
   * The module yields one record per row of this table in the order of `key` (default ROWID; ties broken the same
   * way whole or in part) and reads any range of it alone (`rows`): the engine may parse ranges of a large table on
   * other threads and write them in order. Such a module reads nothing but its database (no `root`, `find` or
   * `resultsOf`) and its records are then rendered on that thread.
   */
  readonly splitRows?: { readonly table: string; readonly key?: string };
  /**
   * The module yields the acquisition's listing (`ctx.listing`) entry by entry and reads any range of it alone
   * (`rows`, by entry index, passed on to `listing.entries`): when the input kept its listing, the engine renders
   * ranges on other threads and writes them in order, as for `splitRows`.
   */
  readonly splitListing?: boolean;
  parse(input: ArtifactInput, ctx: ParseContext): AsyncIterable<R>;
  readonly timeline?: (record: R) => Iterable<Omit<TimelineEvent, "module"> | null | undefined | false>;
  /** Checked in order; the first matching check gives the record's one indicator alert. */
  readonly indicators?: readonly IndicatorCheck<R>[];
  /** Message of an indicator alert; defaults to a generic sentence. */
  readonly matchMessage?: (record: R, value: string) => string;
  /** Time of an indicator alert (MVT leaves most empty). */
  readonly matchTime?: (record: R) => string;
  readonly heuristics?: readonly Heuristic<R>[];
  /**
   * Findings over all of a module's records together (a process at many reboots): the module raises them itself while
   * it parses; `check-iocs` calls this on the saved records, so that its results folder gives them again.
   */
  readonly acrossRecords?: (records: readonly R[]) => Iterable<Finding>;
  /** URLs found in messages, for urls.json. */
  readonly urls?: (record: R) => readonly { url: string; timestamp: string }[];
  readonly urlSource?: string;
  /**
   * Tables whose deleted rows are recovered from the module's databases (free space, freelist, old `-wal` frames)
   * and checked as the module's records; they go to `<slug>_deleted.json`, never to the module's own output.
   */
  readonly carve?: readonly CarveTable<R>[];
}

export function defineArtifact<R>(def: ArtifactDef<R>): ArtifactDef<R> {
  return def;
}

export type AnyArtifact = ArtifactDef<any>;
