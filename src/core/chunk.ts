/**
 * Parsing a range of a large table on another thread (see `splitRows`): a job goes out, and everything the
 * records give comes back as plain data, in record order, for the main thread to write as if it had parsed them.
 */
import type { AnyArtifact, InputKind, ParseContext } from "./artifact.ts";
import type { ChunkJob, ChunkResult, PoolSetup } from "./chunk-pool.ts";
import type { Host, SqliteDb } from "./host.ts";
import type { FileListing } from "./listing.ts";
import type { SourceDir, SourceFile } from "./source.ts";
import { toAlert } from "./check-record.ts";
import type { CrossCheck } from "./cross-check.ts";
import type { Alert, TimelineEvent, UrlEntry } from "./events.ts";
import type { IndicatorSet } from "../indicators/types.ts";
import { describeError, SpyglassError } from "./errors.ts";
import { alertsOf, timelineOf, urlsOf } from "./record-outputs.ts";
import { withoutSlowChecks } from "./fast-mode.ts";

// The pool's types live below host.ts (chunk-pool.ts); named here too for the host's pool and worker.
export type { ChunkJob, ChunkPool, ChunkResult, PoolSetup } from "./chunk-pool.ts";

/** Renders a range's outputs on the worker as the main thread's sink would write them. */
export interface ChunkRenderer {
  record(record: unknown): void;
  event(e: TimelineEvent): void;
  url(u: UrlEntry): void;
  end(): Pick<ChunkResult, "rendered" | "timelineRun" | "urlsRendered">;
}

export interface ChunkEnv {
  readonly host: Host;
  /** The job's database, opened on this thread. */
  openDb(): Promise<SqliteDb>;
  readonly device: Readonly<Record<string, unknown>>;
  readonly indicators: IndicatorSet | undefined;
  readonly checks: readonly CrossCheck[];
  readonly renderer: ChunkRenderer;
  /** The job's listing (`ChunkJob.listing`), replayed on this thread. */
  readonly listing?: FileListing;
  /** `--fast`: slow checks left out, as on the main thread. */
  readonly fast?: boolean;
}

/** Parses one range and collects its outputs (on a worker thread). */
export async function runChunk(module: AnyArtifact, job: ChunkJob, env: ChunkEnv): Promise<ChunkResult> {
  const def = env.fast ? withoutSlowChecks(module) : module;
  const out = { records: 0, timeline: 0, urls: 0, alerts: [] as Alert[], notes: [] as [number, unknown][], warnings: [] as string[] };
  const problems = new ProblemCounter();
  const { renderer } = env;
  const ctx: ParseContext = {
    host: env.host,
    indicatorsLoaded: !!env.indicators && env.indicators.total > 0,
    device: env.device,
    listing: env.listing,
    fast: env.fast,
    sqlite: () => env.openDb(),
    find: async () => undefined, // a split module reads only its own database
    findAll: async function* () {},
    resultsOf: () => [],
    warn: (m) => out.warnings.push(m),
    countProblem: (p, example) => problems.add(p, 1, example),
    alert: (f) => out.alerts.push(toAlert(def.slug, f)),
  };
  try {
    const { file, root } = databaseOnly(job.file);
    for await (const record of def.parse({ file, root, kind: job.kind as InputKind, rows: job.rows }, ctx)) {
      out.records++;
      for (let i = 0; i < env.checks.length; i++) {
        const note = env.checks[i]!.note?.(def, record);
        if (note !== undefined) out.notes.push([i, note]);
      }
      renderer.record(record);
      for (const e of timelineOf(def, record)) {
        out.timeline++;
        renderer.event(e);
      }
      const alerts = alertsOf(def, record, env.indicators);
      if (alerts.length) out.alerts.push(...alerts);
      for (const u of urlsOf(def, record)) {
        out.urls++;
        renderer.url(u);
      }
    }
  } catch (err) {
    out.warnings.push(err instanceof SpyglassError ? err.message : describeError(err));
  }
  return { ...out, alerts: JSON.stringify(out.alerts), problems: problems.entries(), ...renderer.end() };
}

/** A split module reads its database through ctx.sqlite only: the file and folder on a worker say so if used. */
function databaseOnly(path: string): { file: SourceFile; root: SourceDir } {
  const no = (): never => {
    throw new Error(`${path}: a module parsing part of a table reads only its database`);
  };
  const file: SourceFile = { path, size: 0, bytes: async () => no(), stream: () => no(), slice: async () => no() };
  const root: SourceDir = { path: "", list: async () => no(), file: async () => no(), dir: async () => no() };
  return { file, root };
}

/** Rows with the same problem, counted across a file's ranges: the count and the first example. */
export class ProblemCounter {
  private readonly seen = new Map<string, { count: number; first: string }>();

  add(problem: string, count: number, first: string): void {
    const p = this.seen.get(problem);
    if (p) p.count += count;
    else this.seen.set(problem, { count, first });
  }

  entries(): [string, number, string][] {
    return [...this.seen].map(([problem, { count, first }]) => [problem, count, first]);
  }

  /** The warnings: "<count> <problem>; first: <example>". */
  messages(): string[] {
    return [...this.seen].map(([problem, { count, first }]) => `${count} ${problem}; first: ${first}`);
  }
}
