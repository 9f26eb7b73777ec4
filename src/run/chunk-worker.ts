/**
 * One thread of a host's pool for split tables (`splitRows`): runs jobs (core/chunk.ts) and renders their outputs
 * as the main thread's sinks would write them. Both hosts' workers (src/node/scan-worker.ts, src/browser/
 * scan-worker.ts) are this, plus how jobs reach them and how they open a database another thread opened.
 */
import { runChunk, type ChunkJob, type ChunkResult, type PoolSetup } from "../core/chunk.ts";
import type { Host, SqliteDb } from "../core/host.ts";
import { ARTIFACTS } from "../artifacts/index.ts";
import { sharedListing, type KeptListingShare } from "../inputs/ios-fs-entries.ts";
import { crossCheckById } from "../checks/cross-checks.ts";
import { compileIndicators } from "../indicators/compile.ts";
import { JsonListWriter } from "../outputs/json.ts";
import { sortRun, timelineLine } from "../outputs/timeline.ts";
import { RenderBuffers } from "./render-buffers.ts";

/** `openShared`: the database a job names (`SqliteDb.share`), opened on this thread. */
export function chunkRunner(setup: PoolSetup, host: Host, openShared: (share: unknown, label: string) => SqliteDb | Promise<SqliteDb>): (job: ChunkJob, spare: readonly ArrayBuffer[]) => Promise<ChunkResult> {
  const indicators = setup.indicators ? compileIndicators(setup.indicators) : undefined;
  const checks = setup.checks.map((id) => crossCheckById(id)!);
  // One connection per database for the worker's life: every job on a table reuses it.
  const open = new Map<string, SqliteDb>();
  const buffers = new RenderBuffers();
  return async (job, spare) => {
    buffers.give(spare);
    const def = ARTIFACTS.find((a) => a.id === job.module);
    if (!def) throw new Error(`no module ${job.module}`);
    const rendered: Uint8Array[] = [];
    const urlsRendered: Uint8Array[] = [];
    // The writers hand their buffers over (and go on in fresh ones): no copy.
    const take = () => buffers.take();
    const records = new JsonListWriter((b) => rendered.push(b), "items", take);
    const urls = new JsonListWriter((b) => urlsRendered.push(b), "items", take);
    const timeline: string[] = [];
    const key = JSON.stringify(job.db);
    return runChunk(def, job, {
      ...(job.listing ? { listing: sharedListing(job.listing as KeptListingShare) } : {}),
      host,
      async openDb() {
        let db = open.get(key);
        if (!db) open.set(key, (db = await openShared(job.db, job.file)));
        return db;
      },
      device: setup.device,
      fast: !!setup.fast,
      indicators,
      checks,
      renderer: {
        record: (r) => records.add(r),
        event: (e) => void timeline.push(timelineLine(e.timestamp, job.order, e.event, e.data, e.module)),
        url: (u) => urls.add(u),
        end() {
          records.end();
          urls.end();
          const run = sortRun(timeline);
          // As bytes: they cross to the main thread without a copy, and it writes them without encoding.
          return { rendered, urlsRendered, timelineRun: { ...run, text: buffers.encode(run.text) } };
        },
      },
    });
  };
}
