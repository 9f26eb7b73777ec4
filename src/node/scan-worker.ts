/** A worker thread of the Node host's pool (parallel.ts): parses ranges of split tables (src/run/chunk-worker.ts). */
import { parentPort, workerData } from "node:worker_threads";
import type { ChunkJob, PoolSetup } from "../core/chunk.ts";
import { describeError } from "../core/errors.ts";
import { chunkRunner } from "../run/chunk-worker.ts";
import { outputBuffers } from "../run/render-buffers.ts";
import { nodeHost } from "./host.ts";
import { openShared } from "./sqlite.ts";

const run = chunkRunner(workerData as PoolSetup, nodeHost, openShared);

parentPort!.on("message", ({ job, spare }: { job: ChunkJob; spare: ArrayBuffer[] }) => {
  run(job, spare).then(
    (result) => parentPort!.postMessage({ result }, outputBuffers(result)),
    (err) => parentPort!.postMessage({ error: describeError(err) }),
  );
});
