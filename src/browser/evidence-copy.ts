/**
 * Large databases copied into the run's OPFS folder before SQLite reads them. SQLite reads a database a page or a few
 * at a time and at random: from the picked File each read costs ~1 ms however small (FileReaderSync, even in 1 MiB
 * blocks: 10^6 messages spent ~20 s of the analysis and nested workers' time waiting on reads), from an OPFS file
 * through a read-only handle 1–44 µs. The copy is read in 4 MiB slices (~9 ms each) and written synchronously: ~1–2 s
 * for a 485 MB sms.db. The evidence itself is only read; the copy lives in the run's folder and goes with it.
 */
import type { OpfsDir, OpfsFile } from "./opfs-output.ts";

/** Smaller databases are read from the evidence as before (a few reads; most of a backup's databases). */
export const COPY_MIN_BYTES = 4 << 20;
const COPY_SLICE = 4 << 20;

/** `blob` copied into `dir` as `name`; undefined if it could not be (no room left): the caller reads the Blob then. */
export async function copyIntoOpfs(blob: Blob, dir: OpfsDir, name: string): Promise<OpfsFile | undefined> {
  try {
    const handle = await dir.getFileHandle(name, { create: true });
    const sync = await handle.createSyncAccessHandle();
    try {
      // The next slice is read while this one is written.
      let next = blob.slice(0, COPY_SLICE).arrayBuffer();
      for (let at = 0; at < blob.size; at += COPY_SLICE) {
        const bytes = new Uint8Array(await next);
        if (at + COPY_SLICE < blob.size) next = blob.slice(at + COPY_SLICE, at + 2 * COPY_SLICE).arrayBuffer();
        if (bytes.length !== Math.min(COPY_SLICE, blob.size - at) || sync.write(bytes, { at }) !== bytes.length) throw new Error("short copy");
      }
    } finally {
      sync.close();
    }
    return handle;
  } catch {
    await dir.removeEntry(name).catch(() => undefined);
    return undefined;
  }
}
