/** Writes a stream to a private temp file (inside the run's scratch folder) and opens it as a random-access file. */
import { closeSync, openSync, writeSync } from "node:fs";
import type { SourceFile } from "../core/source.ts";
import { localFile } from "./fs-source.ts";

export async function spillToFile(localPath: string, displayPath: string, data: ReadableStream<Uint8Array>): Promise<SourceFile> {
  const fd = openSync(localPath, "wx", 0o600);
  const reader = data.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      for (let at = 0; at < r.value.length; ) at += writeSync(fd, r.value, at, r.value.length - at);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  } finally {
    closeSync(fd);
  }
  return localFile(localPath, displayPath);
}
