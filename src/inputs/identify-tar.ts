/**
 * Whether a tar (plain or gzip-compressed) is an iOS filesystem dump: a member path with `private/var` or
 * `System/Library` at its top or under one wrapper folder. Reads headers only (a plain tar skips member data by seeking), and at most LOOK of them.
 */
import type { SourceFile } from "../core/source.ts";
import { readTar } from "../formats/tar.ts";
import { rawStream } from "../formats/zip.ts";

/** Headers read before deciding: a full dump lists /Applications and /System (10^5 entries) before /private. */
const LOOK = 300_000;

/** "ios-fs" when the tar holds private/var; "tar" when it is a tar without it (or one too large to tell: a dump). */
export async function identifyTar(file: SourceFile, gzip: boolean): Promise<"ios-fs" | "tar" | undefined> {
  const raw = () => rawStream(file, 0, file.size, 1 << 20, () => new Error("truncated"));
  const input = gzip ? file.stream().pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>) : raw();
  const seek = gzip ? undefined : { size: file.size, from: (at: number) => rawStream(file, at, file.size, 1 << 20, () => new Error("truncated")) };
  let n = 0;
  try {
    for await (const e of readTar(input, { name: file.path, ...(seek ? { seek } : {}) })) {
      // private/var, or System/Library (a dump lists it first; a gzip of tens of GB is not read to its private/).
      if (/^(?:[^/]+\/)?(?:private\/var|System\/Library)(?:\/|$)/.test(e.path)) return "ios-fs";
      if (++n >= LOOK) return "ios-fs";
    }
  } catch {
    // A damaged tar: what was read decides.
  }
  return n > 0 ? "tar" : undefined;
}
