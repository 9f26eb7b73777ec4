/** A worker thread that merges the later half of a timeline (timeline-tail.ts) into a CSV file of its own. */
import { parentPort, workerData } from "node:worker_threads";
import { HistogramBuilder } from "../outputs/report-data.ts";
import { lineWriter, mergeSources, runSource } from "../outputs/timeline.ts";
import { readRun, type RunLocation } from "./host.ts";
import { localOutputDir } from "./output-dir.ts";

const job = workerData as { runs: RunLocation[]; from: string; dir: string; file: string; batchBytes: number };

const out = localOutputDir(job.dir).create(job.file);
const counts = new HistogramBuilder();
const sources = job.runs.map((run) => runSource(readRun(run, job.batchBytes)[Symbol.asyncIterator](), { from: job.from }));
const rows = await mergeSources(sources, lineWriter(out, counts));
await out.close();
parentPort!.postMessage({ rows, counts: counts.state() });
