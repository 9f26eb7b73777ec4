/**
 * A results folder in the origin-private file system (OPFS), written by the worker through synchronous access handles:
 * on disk, off this worker's heap and out of the browser's Blob storage (a 10^6-message backup writes ~3.4 GB of
 * results, which Blob storage held in the browser process's memory). The download is a zip made of the files OPFS
 * gives back (references to the files on disk, not their bytes) between the zip's headers: nothing is copied.
 * Each run has its own folder; starting a run removes every earlier one, including those a cancelled run left (a
 * terminated worker cannot clean up after itself).
 */
import type { OutputWriter } from "../core/host.ts";
import { crc32Update } from "../formats/crc32.ts";
import { zipStore } from "../formats/zip-write.ts";
import { pieceWriter } from "./piece-writer.ts";
import { linesOf, type ResultsDir } from "./memory-output.ts";

/** The parts of the OPFS API used here (worker-only: synchronous handles exist in dedicated workers). */
export interface SyncHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  read(buffer: Uint8Array, options: { at: number }): number;
  getSize(): number;
  close(): void;
}
export interface OpfsFile {
  getFile(): Promise<File>;
  /** `mode: "read-only"` (Chromium ≥ 121): several such handles may read one file at once; ignored elsewhere. */
  createSyncAccessHandle(options?: { mode: "read-only" }): Promise<SyncHandle>;
}
export interface OpfsDir {
  readonly name: string;
  getFileHandle(name: string, o?: { create?: boolean }): Promise<OpfsFile>;
  getDirectoryHandle(name: string, o?: { create?: boolean }): Promise<OpfsDir>;
  removeEntry(name: string, o?: { recursive?: boolean }): Promise<void>;
  keys(): AsyncIterable<string>;
}

/** Every run's folder starts with this, in the origin's OPFS root (web/ removes a stopped run's folder by it). */
export const RUN_PREFIX = "spyglass-run-";

/** The origin's OPFS root, or undefined where the browser has none (then the results stay in Blobs). */
export async function opfsRoot(): Promise<OpfsDir | undefined> {
  const storage = (globalThis as { navigator?: { storage?: { getDirectory?: () => Promise<unknown> } } }).navigator?.storage;
  if (typeof storage?.getDirectory !== "function") return undefined;
  try {
    return (await storage.getDirectory()) as OpfsDir;
  } catch {
    return undefined; // refused (storage disabled for this site)
  }
}

/**
 * A fresh folder for this run, after removing every earlier run's. A folder another tab's run is still writing
 * cannot be removed (its files are locked): it stays, and the next start tries again.
 */
export async function newRunFolder(root: OpfsDir): Promise<OpfsDir> {
  const old: string[] = [];
  for await (const name of root.keys()) if (name.startsWith(RUN_PREFIX)) old.push(name);
  for (const name of old) await root.removeEntry(name, { recursive: true }).catch(() => undefined);
  return root.getDirectoryHandle(`${RUN_PREFIX}${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, { create: true });
}

interface Written {
  handle: OpfsFile;
  size: number;
  /** Resolves when the file is on disk and its handle closed (by release). */
  closed: Promise<void>;
  release?: () => void;
}

/** Bytes read at a time to compute a written file's CRC-32. */
const CRC_READ = 4 << 20;

/**
 * The CRC-32 of a written (closed) file, read back through a synchronous handle (~44 µs a MiB): computed when the zip
 * is made, after the verdict, rather than as the results are written (~5 s of the analysis worker for 3.4 GB).
 */
async function crcOf(file: OpfsFile): Promise<number> {
  const h = await file.createSyncAccessHandle();
  try {
    const size = h.getSize();
    const buf = new Uint8Array(Math.min(CRC_READ, size));
    let crc = 0xffffffff;
    for (let at = 0; at < size; ) {
      const n = h.read(buf, { at });
      if (n <= 0) throw new Error("a results file ended early");
      crc = crc32Update(crc, buf.subarray(0, n));
      at += n;
    }
    return (crc ^ 0xffffffff) >>> 0;
  } finally {
    h.close();
  }
}

/** The results folder `path` (its name to users) in the run folder `dir`. */
export function opfsOutputDir(path: string, dir: OpfsDir): ResultsDir {
  const files = new Map<string, Written>();
  const fileOf = async (name: string) => {
    const f = files.get(name);
    if (!f) return undefined;
    await f.closed;
    return f.handle.getFile();
  };
  return {
    path,
    create(name): OutputWriter {
      // Opening a handle is asynchronous and write() is not: pieces written before it opens wait, copied.
      let sync: SyncHandle | undefined;
      let waiting: Uint8Array[] = [];
      const f = { size: 0 } as Written;
      const put = (bytes: Uint8Array) => {
        f.size += sync!.write(bytes, { at: f.size });
      };
      const pieces = pieceWriter((piece) => {
        if (sync) put(piece);
        else waiting.push(piece.slice());
      });
      const opened = (async () => {
        f.handle = await dir.getFileHandle(name, { create: true });
        sync = await f.handle.createSyncAccessHandle();
        for (const w of waiting) put(w);
        waiting = [];
      })();
      let closing: Promise<void> | undefined;
      f.closed = opened.then(() => new Promise<void>((resolve) => (f.release = resolve)));
      files.set(name, f);
      return {
        write: pieces.write,
        close() {
          return (closing ??= opened.then(() => {
            pieces.flush();
            sync!.close(); // no flush(): a sync to disk costs, and a crashed run's files are not wanted anyway
            f.release!();
          }));
        },
      };
    },
    async exists(name) {
      return files.has(name);
    },
    async read(name) {
      return (await fileOf(name))?.text();
    },
    async list() {
      return [...files.keys()].sort();
    },
    lines: async function* (name) {
      const file = await fileOf(name);
      if (file) yield* linesOf([file.stream() as unknown as AsyncIterable<Uint8Array>]);
    },
    /**
     * The zip as a Blob of the zip's headers and the results files as OPFS gives them back (Files: references to the
     * files on disk), so nothing is copied: the browser reads the files from disk when the page saves the zip.
     */
    async zip(modified) {
      const names = [...files.keys()].sort();
      const entries = [];
      for (const name of names) {
        const f = files.get(name)!;
        await f.closed;
        entries.push({ name, size: f.size, crc: await crcOf(f.handle), parts: [await f.handle.getFile()] });
      }
      return new Blob(zipStore(entries, modified) as BlobPart[], { type: "application/zip" });
    },
  };
}
