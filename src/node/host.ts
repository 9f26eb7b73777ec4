/** The Node host: native SQLite, streaming SHA-256, temp-file scratch space. */
import { createDecipheriv, createHash } from "node:crypto";
import { isAscii } from "node:buffer";
import { closeSync, createReadStream, openSync, readSync, writeSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Host, Scratch } from "../core/host.ts";
import type { SourceFile } from "../core/source.ts";
import { isLocalFile } from "./fs-source.ts";
import { spillToFile } from "./spill-file.ts";
import { openSqlite } from "./sqlite.ts";
import { runTempSubdir } from "./run-temp.ts";
import { turnIfDue } from "./event-loop-turns.ts";

async function sha256(file: SourceFile): Promise<string> {
  const h = createHash("sha256");
  if (isLocalFile(file)) {
    for await (const chunk of createReadStream(file.localPath)) h.update(chunk as Buffer);
  } else {
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      h.update(value);
    }
  }
  return h.digest("hex");
}

/**
 * Scratch space: every run appended to one temp file, read back with positional reads in batches. One file and
 * one descriptor however many runs a merge reads (a large scan spills hundreds).
 */
// Hashes local files on a worker thread (crypto and reads off the main thread), replying with their hex digests.
const HASH_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { openSync, readSync, closeSync } = require("node:fs");
const buf = Buffer.allocUnsafe(1 << 20);
parentPort.postMessage(workerData.map((path) => {
  const h = createHash("sha256");
  const fd = openSync(path, "r");
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest("hex");
}));`;

/**
 * Files larger than this are not hashed (their digest is ""): hashing reads every byte, and a hostile or sparse
 * file of 16 GiB would hold the run for a minute (a 4 GiB one for 10 s) after the analysis, which read only what it needed.
 */
export const MAX_HASHED_BYTES = 2 ** 30;

/** SHA-256 of files, in order: local files on a worker thread (on another core than the caller), others here. */
export async function hashFiles(all: readonly SourceFile[]): Promise<string[]> {
  const files = all.filter((f) => f.size <= MAX_HASHED_BYTES);
  const hashed = await hashSome(files);
  const digest = new Map(files.map((f, i) => [f, hashed[i]!]));
  return all.map((f) => digest.get(f) ?? "");
}

async function hashSome(files: readonly SourceFile[]): Promise<string[]> {
  const local = files.filter(isLocalFile);
  const onWorker = local.length
    ? new Promise<string[]>((resolve, reject) => {
        const w = new Worker(HASH_WORKER, { eval: true, workerData: local.map((f) => f.localPath) });
        w.once("message", (digests: string[]) => resolve(digests));
        w.once("error", reject);
      })
    : Promise.resolve([]);
  const others = await Promise.all(files.map((f) => (isLocalFile(f) ? undefined : sha256(f))));
  const digests = await onWorker;
  let i = 0;
  return files.map((f, k) => (isLocalFile(f) ? digests[i++]! : others[k]!));
}

/** Where a spilled run lies in the scratch file: another thread can read it (timeline-tail.ts). */
export interface RunLocation {
  readonly path: string;
  readonly start: number;
  readonly stop: number;
}

/**
 * Removes a temp folder without waiting: unlinking hundreds of megabytes of runs takes the kernel ~0.2 s, which
 * then overlaps the last writes. Node does not exit while the removal is pending; a failure leaves only a temp file.
 */
export function removeInBackground(dir: string): void {
  rm(dir, { recursive: true, force: true }).catch(() => {});
}

/** A run's lines, in batches of about `batchBytes`, by positional reads (of `fd`, or of the file opened here). */
export async function* readRun(run: RunLocation, batchBytes: number, fd?: number): AsyncIterable<string[]> {
  const own = fd === undefined ? openSync(run.path, "r") : undefined;
  try {
    // Lines hold no line breaks (see Scratch); a character cut at a batch edge is completed by the next batch.
    const decoder = new TextDecoder();
    const buf = Buffer.allocUnsafe(batchBytes);
    let rest = "";
    let pending = false; // the decoder holds the first bytes of a character
    for (let pos = run.start; pos < run.stop; ) {
      const n = readSync(own ?? fd!, buf, 0, Math.min(batchBytes, run.stop - pos), pos);
      if (n <= 0) break;
      pos += n;
      const bytes = buf.subarray(0, n);
      // ASCII (the usual batch) decodes as Latin-1, five times faster than UTF-8 on this machine.
      const ascii: boolean = !pending && isAscii(bytes);
      const text = ascii ? bytes.toString("latin1") : decoder.decode(bytes, { stream: pos < run.stop });
      pending = !ascii && bytes[n - 1]! >= 0x80;
      const lines = (rest + text).split("\n");
      rest = lines.pop()!;
      yield lines;
      await turnIfDue(); // Ctrl-C gets its turn in a long merge (event-loop-turns.ts)
    }
    if (rest) yield [rest];
  } finally {
    if (own !== undefined) closeSync(own);
  }
}

// Characters of a run encoded at a time when it is spilled.
const SPILL_CHARS = 1 << 20;
const NEWLINE = new Uint8Array([10]);

async function scratch(): Promise<Scratch> {
  const dir = runTempSubdir("scratch-");
  const path = join(dir, "runs.txt");
  const fd = openSync(path, "w+");
  let end = 0;
  // Runs are encoded a piece at a time into one buffer: no copy of the run's text, no new buffer per run.
  const buf = Buffer.allocUnsafe(SPILL_CHARS * 3);
  let members = 0;
  return {
    file: (shown, data) => spillToFile(join(dir, `member-${++members}`), shown, data),
    async spill(run) {
      const start = end;
      const put = (bytes: Uint8Array, n = bytes.length) => {
        for (let at = 0; at < n; ) at += writeSync(fd, bytes, at, n - at, end + at);
        end += n;
      };
      if (typeof run !== "string") for (const piece of run) put(piece); // bytes from a worker, as they are
      else
        for (let from = 0; from < run.length; ) {
          let to = Math.min(run.length, from + SPILL_CHARS);
          if (to < run.length && (run.charCodeAt(to - 1) & 0xfc00) === 0xd800) to--; // a surrogate pair stays whole
          put(buf, buf.write(run.slice(from, to)));
          from = to;
        }
      put(NEWLINE);
      const location: RunLocation = { path, start, stop: end };
      return Object.assign((batchBytes: number) => readRun(location, batchBytes, fd), { location });
    },
    async dispose() {
      closeSync(fd);
      removeInBackground(dir);
    },
  };
}

/** OpenSSL's CBC without padding handling (the core checks PKCS#7 itself), IV zero as iOS backups use. */
function aesCbcDecryptor(key: Uint8Array) {
  const d = createDecipheriv("aes-256-cbc", key, Buffer.alloc(16)).setAutoPadding(false);
  return { update: (piece: Uint8Array): Uint8Array => d.update(piece) }; // a Buffer is a Uint8Array: no copy
}

export const nodeHost: Host = { sqlite: openSqlite, sha256, scratch, aesCbcDecryptor };
