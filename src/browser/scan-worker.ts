/**
 * A nested worker of the browser host's pool (parallel.ts): parses ranges of split tables (src/run/chunk-worker.ts)
 * over the same evidence Blobs as the analysis worker, each with its own SQLite. The first message is the scan's
 * setup, then one job at a time.
 */
/// <reference lib="webworker" />
import type { ChunkJob, PoolSetup } from "../core/chunk.ts";
import { describeError } from "../core/errors.ts";
import { chunkRunner } from "../run/chunk-worker.ts";
import { outputBuffers } from "../run/render-buffers.ts";
import { blobReader, RANGE_BLOCKS } from "./blob-vfs.ts";
import { browserHost } from "./host.ts";
import { handleReader, openReadOnly } from "./opfs-read.ts";
import { openWasmSqlite, type BlobShare } from "./sqlite.ts";

/**
 * SQLite's page cache in a nested worker: a range streams the table's pages through it, and the pages every range
 * looks up again (sms.db's handles, spread over the file as they were first seen) must outlive one range's stream
 * (~2.4 MB of messages); with SQLite's default 2 MiB they were evicted, and read again as whole 1 MiB blocks.
 */
const RANGES_CACHE_KIB = 8192;

const scope = globalThis as unknown as { postMessage(m: unknown, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent) => void) | null };

let run: ReturnType<typeof chunkRunner> | undefined;

scope.onmessage = (e: MessageEvent<{ setup: PoolSetup } | { job: ChunkJob; spare: ArrayBuffer[] }>) => {
  const m = e.data;
  if ("setup" in m) {
    // The database's copy in the run's OPFS folder when there is one (a read costs µs there), else its Blob.
    const openShared = async (share: unknown, label: string) => {
      const s = share as BlobShare;
      const handle = s.copy && (await openReadOnly(s.copy));
      return openWasmSqlite(handle ? handleReader(handle) : blobReader(s.blob, RANGE_BLOCKS), label, s.wal && blobReader(s.wal, RANGE_BLOCKS), undefined, s, RANGES_CACHE_KIB, true);
    };
    run = chunkRunner(m.setup, browserHost(), openShared);
    return;
  }
  run!(m.job, m.spare).then(
    (result) => scope.postMessage({ result }, outputBuffers(result)),
    (err) => scope.postMessage({ error: describeError(err) }),
  );
};
