/** The browser worker's host: SQLite through WebAssembly over Blobs, streamed SHA-256 (in WebAssembly too), scratch space in the origin-private file system (or Blobs). */
import type { Host, Scratch, SpilledRun } from "../core/host.ts";
import type { SourceFile } from "../core/source.ts";
import { blobFile, blobOf } from "./blob-source.ts";
import { blobReader, bytesReader, type SyncReader } from "./blob-vfs.ts";
import { isSqliteHeader } from "../formats/sqlite-pages.ts";
import { copyIntoOpfs, COPY_MIN_BYTES } from "./evidence-copy.ts";
import { evidenceSha256 } from "./evidence-sha256.ts";
import type { OpfsDir, OpfsFile } from "./opfs-output.ts";
import { fastSyncReads, handleReader, openReadOnly } from "./opfs-read.ts";
import { forgetCopy, readFromCopy } from "./read-ahead.ts";
import { spilledRun } from "./spilled-run.ts";
import { openWasmSqlite, type WasmSource } from "./sqlite.ts";

/** As the Node host: larger files are not hashed (info.json says so), since hashing reads every byte. */
export const MAX_HASHED_BYTES = 2 ** 30;

/** A database file as SQLite reads it: the Blob it is, or its bytes (a decrypted or unpacked member). */
async function readerOf(file: SourceFile): Promise<SyncReader> {
  const blob = blobOf(file);
  return blob ? blobReader(blob) : bytesReader(await file.bytes(Number.MAX_SAFE_INTEGER));
}

export async function sha256(file: SourceFile): Promise<string> {
  const h = await evidenceSha256();
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    h.update(value);
  }
  return h.hex();
}

/**
 * A run written into a file of the run's OPFS folder (on disk, synchronously), read back through its handle
 * (spilled-run.ts); `opened`: its handles open for reading, closed before the file is removed.
 */
async function spillToOpfs(dir: OpfsDir, name: string, run: string | readonly Uint8Array[], opened: Set<{ close(): void }>): Promise<SpilledRun> {
  const handle = await dir.getFileHandle(name, { create: true });
  const sync = await handle.createSyncAccessHandle();
  try {
    let at = 0;
    for (const piece of typeof run === "string" ? [new TextEncoder().encode(run)] : run) at += sync.write(piece, { at });
  } finally {
    sync.close();
  }
  return spilledRun(handle, opened);
}

/**
 * Spilled timeline runs go into the run's OPFS folder when there is one (`dir`), else into Blobs (the browser keeps
 * them outside this worker's heap, on disk when it must); archive members that need random access become Blobs.
 */
let spills = 0; // names unique in the worker: the timeline and the alerts each have a Scratch

async function scratch(dir: OpfsDir | undefined): Promise<Scratch> {
  const spilled: string[] = [];
  // A merge half stops reading its runs at its pivot: their handles stay open until disposed of.
  const opened = new Set<{ close(): void }>();
  return {
    async spill(run): Promise<SpilledRun> {
      if (dir) {
        spilled.push(`spilled-run-${++spills}`);
        return spillToOpfs(dir, spilled[spilled.length - 1]!, run, opened);
      }
      return spilledRun(new Blob(typeof run === "string" ? [run] : (run as Uint8Array<ArrayBuffer>[])));
    },
    async file(path, data) {
      return blobFile(await new Response(data).blob(), path);
    },
    async dispose() {
      for (const h of opened) h.close();
      opened.clear();
      for (const name of spilled) await dir?.removeEntry(name).catch(() => undefined);
    },
  };
}

/**
 * A browser host; `removeCopies` removes the databases it copied into the run's folder (evidence-copy.ts);
 * `copyAhead` copies the large databases among `files` before a module opens them.
 */
export type BrowserHost = Host & { removeCopies(): Promise<void>; copyAhead(files: AsyncIterable<SourceFile>): Promise<void> };

/**
 * `scratchDir`: the run's OPFS folder, for spilled timeline runs (Blobs without it) and copies of large databases
 * (read there through synchronous handles). `parallel`: threads for large tables (browserParallel); they open a
 * database again from its copy or its Blobs, so only Blob-backed databases are shared.
 */
export function browserHost(wasm?: WasmSource, scratchDir?: OpfsDir, parallel?: Host["parallel"]): BrowserHost {
  let shared = 0;
  const copies = new Map<Blob, Promise<OpfsFile | undefined>>();
  const sliceReaders = new Map<Blob, ReturnType<typeof handleReader>>();
  const copyOf = async (blob: Blob) => {
    if (!scratchDir || blob.size < COPY_MIN_BYTES || !(await fastSyncReads(scratchDir))) return undefined;
    let copy = copies.get(blob);
    if (!copy) {
      copies.set(blob, (copy = copyIntoOpfs(blob, scratchDir, `evidence-copy-${copies.size + 1}`)));
      // The deleted-traces walk reads the database's slices through the evidence file: from the copy too.
      const handle = await copy.then((c) => c && openReadOnly(c));
      // Hashed (for info.json) on a nested worker while the modules run: hashing every database at the end made the
      // run wait for it (~2.5 s of the 3.3 s after the modules at 3·10^5 messages; the timeline merge took 1.9 s).
      if (handle && blob.size <= MAX_HASHED_BYTES && !hashedEarly.has(blob)) hashedEarly.set(blob, hashOnWorker([blob]));
      if (handle) {
        const reader = handleReader(handle);
        sliceReaders.set(blob, reader);
        readFromCopy(blob, reader);
      }
    }
    return copy;
  };
  return {
    async sqlite(file, sidecars = {}) {
      const blob = blobOf(file);
      const wal = sidecars.wal && blobOf(sidecars.wal);
      const copy = blob && (await copyOf(blob));
      const handle = copy && (await openReadOnly(copy));
      const share = parallel && blob && (!sidecars.wal || wal) ? { id: `${file.path}#${++shared}`, blob, wal, ...(handle ? { copy } : {}) } : undefined;
      return openWasmSqlite(handle ? handleReader(handle) : await readerOf(file), file.path, sidecars.wal && (await readerOf(sidecars.wal)), wasm, share);
    },
    sha256,
    scratch: () => scratch(scratchDir),
    ...(parallel ? { parallel } : {}),
    /**
     * The copy of a large database made before its module opens it (one file at a time, in the modules' order),
     * while the modules before it run: made when SQLite first opened it, the copy (~1–2 s for the 485 MB sms.db at
     * 10^6 messages, mostly waiting for Blob reads) held up the module, and its nested workers with it.
     */
    async copyAhead(files) {
      for await (const file of files) {
        const blob = blobOf(file);
        if (!blob || blob.size < COPY_MIN_BYTES || copies.has(blob)) continue;
        // Only SQLite databases are copied ahead.
        if (isSqliteHeader(new Uint8Array(await blob.slice(0, 16).arrayBuffer()))) await copyOf(blob);
      }
    },
    async removeCopies() {
      for (const [blob, reader] of sliceReaders) {
        forgetCopy(blob);
        reader.close();
      }
      sliceReaders.clear();
      // A copy a nested worker still reads is locked: it goes with the run's folder, when the next run starts.
      for (let i = 1; i <= copies.size; i++) await scratchDir?.removeEntry(`evidence-copy-${i}`).catch(() => undefined);
      copies.clear();
    },
  };
}

/** Digests of large databases hashed while the modules run (browserHost), by their Blob. */
const hashedEarly = new WeakMap<Blob, Promise<string[] | undefined>>();

/** The digests of `blobs` from a nested worker (hash-worker.ts); undefined where workers cannot start or it failed. */
function hashOnWorker(blobs: readonly Blob[]): Promise<string[] | undefined> {
  if (!blobs.length || typeof Worker === "undefined") return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./hash-worker.ts", import.meta.url), { type: "module", name: "spyglass-hash" });
    const end = (digests: string[] | undefined) => {
      worker.terminate();
      resolve(digests);
    };
    worker.onmessage = (e: MessageEvent<{ digests?: string[] }>) => end(e.data.digests);
    worker.onerror = (e) => {
      e.preventDefault();
      end(undefined);
    };
    worker.postMessage({ blobs });
  });
}

/**
 * SHA-256 hex of each file, "" over MAX_HASHED_BYTES (as the Node host). Files the host reads as Blobs are hashed on a
 * nested worker (the run merges its timeline meanwhile; large databases were already, as the modules ran), the
 * others here.
 */
export async function hashFiles(files: readonly SourceFile[]): Promise<string[]> {
  const out = files.map(() => "");
  const onWorker: number[] = [];
  const early: number[] = [];
  files.forEach((f, i) => f.size <= MAX_HASHED_BYTES && blobOf(f) && (hashedEarly.has(blobOf(f)!) ? early : onWorker).push(i));
  const elsewhere = hashOnWorker(onWorker.map((i) => blobOf(files[i]!)!));
  const there = new Set([...onWorker, ...early]); // a filesystem dump has 10^5 files
  for (const [i, f] of files.entries()) if (f.size <= MAX_HASHED_BYTES && !there.has(i)) out[i] = await sha256(f);
  const digests = await elsewhere;
  for (const [k, i] of onWorker.entries()) out[i] = digests?.[k] ?? (await sha256(files[i]!));
  for (const i of early) out[i] = (await hashedEarly.get(blobOf(files[i]!)!))?.[0] ?? (await sha256(files[i]!));
  return out;
}
