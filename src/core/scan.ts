/** The engine: for each artifact, select → parse → timeline → match → heuristics → sinks; errors become warnings. */
import type { Acquisition } from "./acquisition.ts";
import type { AnyArtifact, ParseContext, RowRange } from "./artifact.ts";
import { describeError, SpyglassError } from "./errors.ts";
import type { Alert, Warning } from "./events.ts";
import type { Host, SqliteDb } from "./host.ts";
import type { ModuleInfo, ModuleStats, ScanSink } from "./sink.ts";
import type { SourceFile } from "./source.ts";
import { displayName } from "./source.ts";
import type { IndicatorSet } from "../indicators/types.ts";
import { toAlert } from "./check-record.ts";
import { observe, type CrossCheck } from "./cross-check.ts";
import { ProblemCounter, type ChunkPool } from "./chunk.ts";
import { alertsOf, timelineOf, urlsOf } from "./record-outputs.ts";
import { withoutSlowChecks } from "./fast-mode.ts";
import { LISTING_LEAD, listingRanges, runSplit, splitRanges, type SplitOptions, type SplitStats } from "./split-scan.ts";
import type { Carver } from "./carve-port.ts";
import { checkDeletedData, deferred, type CarveOut } from "./carve-scan.ts";

export interface ScanOptions {
  readonly acquisition: Acquisition;
  readonly artifacts: readonly AnyArtifact[];
  readonly host: Host;
  readonly indicators?: IndicatorSet | undefined;
  readonly sink: ScanSink;
  /** Run only these modules (id, slug or MVT name) and what they depend on. */
  readonly only?: readonly string[] | undefined;
  readonly onProgress?: ((p: Progress) => void) | undefined;
  /** Cross-artifact checks (links, versions…), run over every record; their findings come after the modules'. */
  readonly checks?: readonly CrossCheck[] | undefined;
  /**
   * Lets large tables be parsed on the host's threads (`host.parallel`; DEFAULT_SPLIT in split-scan.ts). Only for
   * sinks that take outputs rendered on a worker (recordsRendered, timelineRun, urlsRendered), as the MVT folder does.
   */
  readonly split?: SplitOptions | undefined;
  /**
   * Whether ScanResult.alerts holds every alert (default true). A sink that takes them as they come (the results
   * folder, the verdict's accumulator) does not need it: false keeps memory flat in the number of alerts.
   */
  readonly keepAlerts?: boolean | undefined;
  /**
   * Recovers deleted rows of the tables modules declare (`carve`) from every database they read, and checks them
   * (issue 16); none when absent. The host passes the formats' carver (formats/sqlite-carve.ts).
   */
  readonly carve?: Carver | undefined;
  /** `--fast`, as MVT's: indicator checks marked `slow` and slow heuristics are skipped. */
  readonly fast?: boolean | undefined;
}

/** Recovered items held while a split table is parsed (then carving waits): a few MB of records. */
const MAX_HELD_WHILE_SPLIT = 5_000;

export interface Progress {
  readonly index: number;
  readonly total: number;
  readonly module: string;
  readonly records: number;
}

export interface ScanResult {
  readonly modules: { info: ModuleInfo; stats: ModuleStats }[];
  /** Every alert, in run order; empty with `keepAlerts: false` (the modules' stats count them). */
  readonly alerts: Alert[];
  readonly warnings: Warning[];
  /** Every evidence file a module opened, in first-read order. */
  readonly filesRead: SourceFile[];
  /** Table ranges parsed on the host's threads (see split-scan.ts). */
  readonly split: SplitStats;
}

/** Run order: list order, except that a module moves right after the last module it depends on (as MVT). */
export function runOrder(artifacts: readonly AnyArtifact[], only?: readonly string[]): AnyArtifact[] {
  const byId = new Map(artifacts.map((a) => [a.id, a]));
  let chosen = artifacts;
  if (only && only.length) {
    const want = new Set<string>();
    const add = (a: AnyArtifact) => {
      if (want.has(a.id)) return;
      want.add(a.id);
      for (const d of a.dependsOn ?? []) {
        const dep = byId.get(d);
        if (dep) add(dep);
      }
    };
    for (const name of only) {
      const a = artifacts.find((x) => [x.id, x.slug, x.mvt.toLowerCase()].includes(name.toLowerCase()));
      if (a) add(a);
    }
    chosen = artifacts.filter((a) => want.has(a.id));
  }
  const order = chosen.filter((a) => !a.dependsOn?.length);
  for (const a of chosen.filter((x) => x.dependsOn?.length)) {
    const at = Math.max(...a.dependsOn!.map((d) => order.findIndex((o) => o.id === d)));
    order.splice(at + 1, 0, a);
  }
  return order;
}

/**
 * Lets the host's event loop run a task at least every BREATH_MS while records are parsed. A records loop otherwise
 * runs as one task (its awaits are microtasks), and Chromium stops a worker busy in one task only after its 2 s
 * forcible-termination delay (measured: 2.0–2.1 s busy, 60–110 ms when it yields), so the web app's cancel would not
 * be prompt. Checked every 256 records; in Node a yield costs ~1 ms, ~4 per second of parsing.
 */
const BREATH_MS = 250;
let lastBreath = Date.now();
async function breathe(): Promise<void> {
  if (Date.now() - lastBreath < BREATH_MS) return;
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  lastBreath = Date.now();
}

export async function scan(opts: ScanOptions): Promise<ScanResult> {
  const { acquisition, host, sink, indicators } = opts;
  const order = runOrder(opts.fast ? opts.artifacts.map(withoutSlowChecks) : opts.artifacts, opts.only);
  const needed = new Set(order.flatMap((a) => a.dependsOn ?? []));
  const kept = new Map<string, unknown[]>();
  const result: ScanResult = { modules: [], alerts: [], warnings: [], filesRead: [], split: { jobs: 0, redone_on_main_thread: 0 } };
  const seenFiles = new Set<string>();
  const noteRead = (f: SourceFile) => {
    if (!seenFiles.has(f.path)) {
      seenFiles.add(f.path);
      result.filesRead.push(f);
    }
  };
  const indicatorsLoaded = !!indicators && indicators.total > 0;
  const checks = opts.checks ?? [];
  const keepAlerts = opts.keepAlerts ?? true;

  /** The bookkeeping of one module or cross check: its counts, alerts and warnings, to the result and the sink. */
  const begin = (info: ModuleInfo) => {
    const stats: ModuleStats = { records: 0, timeline: 0, alerts: 0, warnings: 0, ms: 0 };
    const started = Date.now();
    sink.moduleBegin?.(info);
    return {
      stats,
      emitAlert(a: Alert) {
        stats.alerts++;
        if (keepAlerts) result.alerts.push(a);
        sink.alert?.(a);
      },
      warn(message: string, file = "") {
        stats.warnings++;
        const w: Warning = { module: info.slug, file, message };
        result.warnings.push(w);
        sink.warning?.(w);
      },
      async end() {
        stats.ms = Date.now() - started;
        await sink.moduleEnd?.(info, stats);
        result.modules.push({ info, stats });
      },
    };
  };

  // The host's threads, started with the first split table; null when they could not start (all on this thread).
  let pool: ChunkPool | undefined | null;
  const startPool = (forListing: boolean): ChunkPool | null => {
    try {
      return host.parallel!.start({ indicators: indicators?.collections, checks: checks.map((c) => c.id), device: acquisition.device, fast: !!opts.fast, forListing });
    } catch {
      return null;
    }
  };
  try {
    for (const [index, def] of order.entries()) {
      const info: ModuleInfo = { id: def.id, slug: def.slug, mvt: def.mvt, order: index, output: def.output ?? "list" };
      const keep: unknown[] | undefined = needed.has(def.id) ? [] : undefined;
      opts.onProgress?.({ index, total: order.length, module: def.mvt, records: 0 });
      const { stats, emitAlert, warn, end } = begin(info);
      const seenSources = new Set<string>();
      const seenDeleted: AnyArtifact = { ...def, mvt: `${def.mvt} (deleted)` }; // how cross checks name a deleted record's module
      for (const selector of def.sources) {
        let files: AsyncIterable<SourceFile>;
        try {
          files = acquisition.select(selector);
        } catch (err) {
          warn(describeError(err));
          continue;
        }
        try {
          for await (const file of files) {
            if (seenSources.has(file.path)) continue;
            seenSources.add(file.path);
            noteRead(file);
            const open = new Map<string, SqliteDb>();
            const dbFiles = new Map<string, { file: SourceFile; wal?: SourceFile | undefined }>(); // the open databases' files
            const problems = new ProblemCounter();
            const ctx: ParseContext = {
              host,
              indicatorsLoaded,
              device: acquisition.device,
              listing: acquisition.listing,
              fast: opts.fast,
              async sqlite(f) {
                const known = open.get(f.path);
                if (known) return known;
                noteRead(f);
                const wal = await acquisition.sidecar(f, "-wal");
                if (wal) noteRead(wal);
                const db = await host.sqlite(f, wal ? { wal } : {});
                open.set(f.path, db);
                dbFiles.set(f.path, { file: f, wal });
                return db;
              },
              async find(selector) {
                for await (const f of acquisition.select(selector)) return f;
                return undefined;
              },
              findAll: (selector) => acquisition.select(selector),
              resultsOf: (id) => kept.get(id) ?? [],
              warn: (m, f) => warn(m, f ?? displayName(file)),
              countProblem: (p, example) => problems.add(p, 1, example),
              alert: (f) => emitAlert(toAlert(def.slug, f)),
            };
            const progress = () => opts.onProgress?.({ index, total: order.length, module: def.mvt, records: stats.records });
            // Deleted traces (issue 16): the declared tables of every database the module read, while still open.
            const carver = opts.carve;
            const carving = !!carver && !!def.carve?.length;
            let carved: Promise<void> | undefined;
            const carveOut: CarveOut = {
              record(r) {
                sink.deleted?.(info, r);
                for (const c of checks) if (c.seesDeleted) observe(c, seenDeleted, r);
              },
              alert: emitAlert,
              warn,
            };
            const carveOpened = (out: CarveOut) =>
              (carved ??= (async () => {
                for (const [path, db] of [...open]) {
                  const n = await checkDeletedData(carver!, { def, ...dbFiles.get(path)!, db, indicators }, out);
                  if (n) stats.deleted = (stats.deleted ?? 0) + n;
                }
              })());
            /** The file (or one range of its rows) parsed on this thread, straight into the outputs. */
            const parseInto = async (rows?: RowRange) => {
              for await (const record of def.parse({ file, root: acquisition.root, kind: acquisition.kind, rows }, ctx)) {
                stats.records++;
                keep?.push(record);
                for (const c of checks) observe(c, def, record);
                sink.record?.(info, record);
                for (const e of timelineOf(def, record)) {
                  stats.timeline++;
                  const p = sink.timeline?.(info, e);
                  if (p) await p;
                }
                for (const a of alertsOf(def, record, indicators)) emitAlert(a);
                for (const u of urlsOf(def, record)) sink.url?.(u);
                if ((stats.records & 0x3fff) === 0) progress();
                if ((stats.records & 0xff) === 0) await breathe();
              }
            };
            try {
              // A large table of a module that can split it: its ranges are parsed on the host's threads.
              const canSplit = host.parallel && opts.split && !keep && pool !== null;
              const split = !canSplit ? undefined : def.splitRows ? await splitRanges(ctx, file, def.splitRows, opts.split!) : def.splitListing ? listingRanges(acquisition.listing, opts.split!) : undefined;
              // A pool started for this listing spends its first ~0.5 s loading (code, indicators): this thread renders
              // the listing's first ranges meanwhile (LISTING_LEAD in split-scan.ts), instead of waiting for it.
              const lead = def.splitListing && pool === undefined ? LISTING_LEAD : 0;
              if (split && (pool ??= startPool(!!def.splitListing))) {
                const target = { info, def, stats, sink, checks, emitAlert, warn: (m: string) => warn(m, displayName(file)), progress, local: parseInto, problems };
                // Carving runs on this thread while the others parse the table; what it finds is written after.
                const held = carving ? deferred(carveOut, MAX_HELD_WHILE_SPLIT) : undefined;
                if (held) void carveOpened(held.out);
                try {
                  const from = def.splitRows ? { db: split.share } : { db: undefined, listing: split.share };
                  await runSplit(pool, { module: def.id, file: file.path, kind: acquisition.kind, order: info.order, ...from }, split.ranges, target, result.split, opts.split!, lead);
                } finally {
                  held?.flush();
                  await carved;
                }
                continue;
              }
              await parseInto();
            } catch (err) {
              // The file is named in the warning's own field; the message stays one line.
              warn(err instanceof SpyglassError ? err.message : describeError(err), displayName(file));
            } finally {
              if (carving && !carved) await carveOpened(carveOut);
              for (const db of open.values()) db.close();
              for (const m of problems.messages()) warn(m, displayName(file));
            }
          }
        } catch (err) {
          warn(describeError(err));
        }
      }
      if (keep) kept.set(def.id, keep);
      await end();
    }
  } finally {
    await pool?.close();
  }
  for (const [i, check] of checks.entries()) {
    const { emitAlert, warn, end } = begin({ id: check.id, slug: check.id, mvt: check.id, order: order.length + i, output: "list" });
    try {
      for (const f of await check.finish({ acquisition, indicators })) emitAlert(toAlert(check.id, f));
    } catch (err) {
      warn(describeError(err));
    }
    await end();
  }
  opts.onProgress?.({ index: order.length, total: order.length, module: "", records: 0 });
  return result;
}
