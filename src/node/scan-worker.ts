/** A worker thread of the Node host's pool (parallel.ts): parses ranges of split tables (core/chunk.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { runChunk, type ChunkJob, type PoolSetup } from "../core/chunk.ts";
import { describeError } from "../core/errors.ts";
import type { SqliteDb } from "../core/host.ts";
import { ARTIFACTS } from "../artifacts/index.ts";
import { crossCheckById } from "../checks/cross-checks.ts";
import { compileIndicators } from "../indicators/compile.ts";
import { JsonListWriter } from "../outputs/json.ts";
import { sortRun, timelineLine } from "../outputs/timeline.ts";
import { nodeHost } from "./host.ts";
import { openShared } from "./sqlite.ts";
import { outputBuffers, RenderBuffers } from "./scan-worker-buffers.ts";

const setup = workerData as PoolSetup;
const indicators = setup.indicators ? compileIndicators(setup.indicators) : undefined;
const checks = setup.checks.map((id) => crossCheckById(id)!);
// One connection per database for the worker's life: every job on a table reuses it.
const open = new Map<string, SqliteDb>();
const buffers = new RenderBuffers();

async function handle(job: ChunkJob) {
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
    host: nodeHost,
    async openDb() {
      let db = open.get(key);
      if (!db) open.set(key, (db = openShared(job.db, job.file)));
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
}

parentPort!.on("message", ({ job, spare }: { job: ChunkJob; spare: ArrayBuffer[] }) => {
  buffers.give(spare);
  handle(job).then(
    (result) => parentPort!.postMessage({ result }, outputBuffers(result)),
    (err) => parentPort!.postMessage({ error: describeError(err) }),
  );
});
