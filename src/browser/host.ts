/** The browser worker's host: SQLite through WebAssembly over Blobs, streamed SHA-256, scratch space in the origin-private file system (or Blobs). */
import type { Host, Scratch, SpilledRun } from "../core/host.ts";
import { Sha256, hex } from "../core/sha256.ts";
import type { SourceFile } from "../core/source.ts";
import { blobFile, blobOf } from "./blob-source.ts";
import { blobReader, bytesReader, type SyncReader } from "./blob-vfs.ts";
import type { OpfsDir } from "./opfs-output.ts";
import { openWasmSqlite, type WasmSource } from "./sqlite.ts";

/** As the Node host: larger files are not hashed (info.json says so), since hashing reads every byte. */
export const MAX_HASHED_BYTES = 2 ** 30;

/** A database file as SQLite reads it: the Blob it is, or its bytes (a decrypted or unpacked member). */
async function readerOf(file: SourceFile): Promise<SyncReader> {
  const blob = blobOf(file);
  return blob ? blobReader(blob) : bytesReader(await file.bytes(Number.MAX_SAFE_INTEGER));
}

export async function sha256(file: SourceFile): Promise<string> {
  const h = new Sha256();
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    h.update(value);
  }
  return hex(h.digest());
}

/** A spilled run read back in batches of lines, a slice of `blob` at a time. */
function readBack(blob: Blob): SpilledRun {
  return async function* (batchBytes: number) {
    const decoder = new TextDecoder();
    let rest = "";
    for (let at = 0; at < blob.size; at += batchBytes) {
      const lines = (rest + decoder.decode(new Uint8Array(await blob.slice(at, at + batchBytes).arrayBuffer()), { stream: true })).split("\n");
      rest = lines.pop()!;
      if (lines.length) yield lines;
    }
    rest += decoder.decode();
    if (rest) yield [rest];
  };
}

/** A run written into a file of the run's OPFS folder (on disk, synchronously), read back from the File it is. */
async function spillToOpfs(dir: OpfsDir, name: string, run: string | readonly Uint8Array[]): Promise<SpilledRun> {
  const handle = await dir.getFileHandle(name, { create: true });
  const sync = await handle.createSyncAccessHandle();
  try {
    let at = 0;
    for (const piece of typeof run === "string" ? [new TextEncoder().encode(run)] : run) at += sync.write(piece, { at });
  } finally {
    sync.close();
  }
  return readBack(await handle.getFile());
}

/**
 * Spilled timeline runs go into the run's OPFS folder when there is one (`dir`), else into Blobs (the browser keeps
 * them outside this worker's heap, on disk when it must); archive members that need random access become Blobs.
 */
let spills = 0; // names unique in the worker: the timeline and the alerts each have a Scratch

async function scratch(dir: OpfsDir | undefined): Promise<Scratch> {
  const spilled: string[] = [];
  return {
    async spill(run): Promise<SpilledRun> {
      if (dir) {
        spilled.push(`spilled-run-${++spills}`);
        return spillToOpfs(dir, spilled[spilled.length - 1]!, run);
      }
      return readBack(new Blob(typeof run === "string" ? [run] : (run as Uint8Array<ArrayBuffer>[])));
    },
    async file(path, data) {
      return blobFile(await new Response(data).blob(), path);
    },
    async dispose() {
      for (const name of spilled) await dir?.removeEntry(name).catch(() => undefined);
    },
  };
}

/**
 * `scratchDir`: the run's OPFS folder, for spilled timeline runs (Blobs without it). `parallel`: threads for large
 * tables (browserParallel); they open a database again from its Blobs, so only Blob-backed databases are shared.
 */
export function browserHost(wasm?: WasmSource, scratchDir?: OpfsDir, parallel?: Host["parallel"]): Host {
  let shared = 0;
  return {
    async sqlite(file, sidecars = {}) {
      const blob = blobOf(file);
      const wal = sidecars.wal && blobOf(sidecars.wal);
      const share = parallel && blob && (!sidecars.wal || wal) ? { id: `${file.path}#${++shared}`, blob, wal } : undefined;
      return openWasmSqlite(await readerOf(file), file.path, sidecars.wal && (await readerOf(sidecars.wal)), wasm, share);
    },
    sha256,
    scratch: () => scratch(scratchDir),
    ...(parallel ? { parallel } : {}),
  };
}

/** SHA-256 hex of each file, "" over MAX_HASHED_BYTES (as the Node host). */
export async function hashFiles(files: readonly SourceFile[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) out.push(f.size > MAX_HASHED_BYTES ? "" : await sha256(f));
  return out;
}
