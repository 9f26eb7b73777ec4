/**
 * A plain folder as an acquisition (an androidqf or bugreport folder, a filesystem dump): selectors are globs
 * relative to the folder, matched against a listing made once (sorted, so module input order is stable).
 */
import type { Acquisition } from "../core/acquisition.ts";
import type { InputKind, Selector } from "../core/artifact.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { globMatch } from "./glob.ts";

/** Bounds on a walk of hostile input: depth and number of entries. */
export const WALK_LIMITS = { depth: 64, entries: 2_000_000 };

/** Every file under a folder, as paths relative to it. */
export async function listFiles(dir: SourceDir, prefix = "", depth = 0, out: string[] = []): Promise<string[]> {
  if (depth > WALK_LIMITS.depth) return out;
  for (const e of await dir.list()) {
    if (out.length >= WALK_LIMITS.entries) break;
    const rel = prefix + e.name;
    if (e.kind === "file") out.push(rel);
    else {
      const sub = await dir.dir(e.name);
      if (sub) await listFiles(sub, rel + "/", depth + 1, out);
    }
  }
  return out;
}

export interface FolderAcquisitionOptions {
  readonly kind: InputKind;
  readonly device?: Record<string, unknown>;
  /** Other acquisitions inside this one (androidqf's backup.ab and bugreport.zip); selectors of their kind go to them. */
  readonly mounts?: readonly Acquisition[];
}

export async function folderAcquisition(root: SourceDir, opts: FolderAcquisitionOptions): Promise<Acquisition & { files: readonly string[] }> {
  const files = (await listFiles(root)).sort();
  const mounts = opts.mounts ?? [];
  async function* select(sel: Selector): AsyncIterable<SourceFile> {
    if (sel.from !== opts.kind || !("glob" in sel)) {
      for (const m of mounts) if (m.kind === sel.from) yield* m.select(sel);
      return;
    }
    for (const path of files) {
      if (!globMatch(sel.glob, path)) continue;
      const f = await root.file(path);
      if (f) yield f;
    }
  }
  return {
    kind: opts.kind,
    root,
    files,
    device: opts.device ?? {},
    opened: [],
    select,
    async sidecar(file, suffix) {
      return files.includes(file.path + suffix) ? root.file(file.path + suffix) : undefined;
    },
    close() {
      for (const m of mounts) m.close();
    },
  };
}
