/**
 * A dump's Filesystem listing rendered in ranges on worker threads (`splitListing`, kept entries shared with them):
 * the results folder is the one a single thread writes, byte for byte, for a folder and a tar, with the first ranges
 * rendered on the main thread while the pool starts; a range whose worker fails is redone there with the same result.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Host } from "../src/core/host.ts";
import { scan } from "../src/core/scan.ts";
import { LISTING_LEAD } from "../src/core/split-scan.ts";
import { ARTIFACTS } from "../src/artifacts/index.ts";
import { declaredGlobs } from "../src/artifacts/select.ts";
import { defaultCrossChecks } from "../src/checks/cross-checks.ts";
import { openIosFs } from "../src/inputs/ios-fs.ts";
import { localDir, localFile } from "../src/node/fs-source.ts";
import { nodeHost } from "../src/node/host.ts";
import { localOutputDir } from "../src/node/output-dir.ts";
import { nodeParallel } from "../src/node/parallel.ts";
import { nodeTimelineTail } from "../src/node/timeline-tail.ts";
import { mvtFolderSink } from "../src/outputs/mvt-folder.ts";
import { IosFsBuilder, PLANTED, standardDump, writeTarFile } from "./builders/ios-fs.ts";
import { hashTree } from "./helpers/cli.ts";
import { testIocs } from "./helpers/indicators.ts";
import { tempDir } from "./helpers/tmp.ts";

// Ranges of 97 entries (not a multiple of the front coding's restarts: a range starts mid-segment too).
const SPLIT = { minRows: 10, chunkRows: 7, keyChunkRows: 7, inFlight: 3, listingRows: 97 };

function dump(): string {
  const dir = standardDump(join(tempDir(), "dump"), { spyware: true });
  const b = new IosFsBuilder(dir);
  for (let i = 0; i < 600; i++) b.file(`private/var/mobile/Media/DCIM/${100 + Math.floor(i / 200)}APPLE/IMG_${i}.JPG`, "x");
  b.finish();
  return dir;
}

async function run(input: string, host: Host, tar: boolean) {
  const out = tempDir();
  const tail = host.parallel ? { timelineTail: nodeTimelineTail, tailMinRows: 10 } : {};
  const folder = mvtFolderSink(localOutputDir(out), { timezone: "utc", scratch: nodeHost.scratch, ...tail });
  const acquisition = await openIosFs(tar ? localFile(input, input) : localDir(input), nodeHost, { globs: declaredGlobs("ios-fs") });
  const indicators = testIocs(["file:path", `/${PLANTED.filePath}`], ["process:name", PLANTED.process]);
  const result = await scan({ acquisition, artifacts: ARTIFACTS, host, indicators, sink: folder.sink, only: ["ios.filesystem"], checks: defaultCrossChecks(), split: SPLIT });
  await folder.finish();
  acquisition.close();
  const fs = result.modules.find((m) => m.info.mvt === "Filesystem")!.stats;
  return { files: hashTree(out), split: result.split, records: fs.records, alerts: fs.alerts };
}

test("the Filesystem listing rendered in ranges on worker threads, or redone here, writes what one thread writes", { timeout: 120_000 }, async () => {
  const dir = dump();
  const tar = join(tempDir(), "dump.tar");
  writeTarFile(dir, tar);
  for (const [input, isTar] of [[dir, false], [tar, true]] as const) {
    const serial = await run(input, nodeHost, isTar);
    assert.deepEqual(serial.split, { jobs: 0, redone_on_main_thread: 0 });
    assert.ok(serial.records > 600 && serial.alerts >= 2, `${serial.records} records, ${serial.alerts} alerts (the planted file and process)`);
    // The first ranges (a quarter, at most LISTING_LEAD) are rendered on the main thread while the pool starts.
    const ranges = Math.ceil(serial.records / 97);
    const jobs = ranges - Math.min(LISTING_LEAD, ranges >> 2);
    assert.ok(jobs < ranges);
    const threaded = await run(input, { ...nodeHost, parallel: nodeParallel(2) }, isTar);
    assert.deepEqual(threaded.split, { jobs, redone_on_main_thread: 0 });
    assert.deepEqual(threaded.files, serial.files);
    const broken: Host["parallel"] = { start: () => ({ threads: 2, run: async () => Promise.reject(new Error("worker died")), close: async () => {} }) };
    const fallback = await run(input, { ...nodeHost, parallel: broken }, isTar);
    assert.deepEqual(fallback.split, { jobs, redone_on_main_thread: jobs });
    assert.deepEqual(fallback.files, serial.files);
  }
});
