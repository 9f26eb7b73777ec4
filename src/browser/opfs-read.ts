/**
 * Files of the run's OPFS folder read through read-only synchronous access handles: a read costs 1–44 µs (512 B to
 * 1 MiB), where a Blob's costs ~1 ms however small (FileReaderSync or an asynchronous slice; Chromium 156, a persistent
 * profile). Several read-only handles can read one file at once (Chromium ≥ 121): the analysis worker and its nested
 * workers, or both halves of a timeline merge.
 */
import type { SyncReader } from "./blob-vfs.ts";
import type { OpfsDir, OpfsFile, SyncHandle } from "./opfs-output.ts";

/**
 * Whether this browser shares a file between read-only handles. Elsewhere the option is ignored and a handle locks
 * its file: callers then read it as a Blob.
 */
let shared: Promise<boolean> | undefined;

/** A read-only handle on `file`, or undefined where read-only handles cannot share a file (or it failed). */
export async function openReadOnly(file: OpfsFile): Promise<SyncHandle | undefined> {
  let h: SyncHandle | undefined;
  try {
    h = await file.createSyncAccessHandle({ mode: "read-only" });
    shared ??= file.createSyncAccessHandle({ mode: "read-only" }).then(
      (second) => (second.close(), true),
      () => false,
    );
    if (await shared) return h;
  } catch {
    /* locked by another handle, or no synchronous handles here */
  }
  h?.close();
  return undefined;
}

/** A handle as the SQLite VFS reads files (closed with the database). */
export function handleReader(h: SyncHandle): SyncReader & { close(): void } {
  return {
    size: h.getSize(),
    readInto: (dst, offset) => h.read(dst, { at: offset }),
    close: () => h.close(),
  };
}

/** Reads slower than this on average mean OPFS is not on disk here (a private window keeps it in memory, ~0.5 ms a read). */
const FAST_READ_MS = 0.05;
let fast: Promise<boolean> | undefined;

/**
 * Whether files of `dir` read fast through read-only handles: on disk (an ordinary profile), 1–2 µs for 4 KiB; in a
 * private window OPFS is in memory, reached through the browser process, ~0.5 ms a read, and a copy would sit in
 * memory too. Measured once per worker on a small file.
 */
export function fastSyncReads(dir: OpfsDir): Promise<boolean> {
  return (fast ??= (async () => {
    const name = "read-probe";
    try {
      const file = await dir.getFileHandle(name, { create: true });
      const w = await file.createSyncAccessHandle();
      w.write(new Uint8Array(64 << 10), { at: 0 });
      w.close();
      const h = await openReadOnly(file);
      if (!h) return false;
      const buf = new Uint8Array(4096);
      const t = performance.now();
      for (let i = 0; i < 16; i++) h.read(buf, { at: i * 4096 });
      const ms = (performance.now() - t) / 16;
      h.close();
      return ms < FAST_READ_MS;
    } catch {
      return false;
    } finally {
      await dir.removeEntry(name).catch(() => undefined);
    }
  })());
}
