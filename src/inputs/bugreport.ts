/**
 * An Android bugreport (`adb bugreport`, Android 7+ zip or its unpacked folder) as an acquisition, kind "bugreport".
 * Paths are relative to the bugreport root (`FS/data/tombstones/tombstone_00`), as MVT sees the zip's member names.
 *
 * The dumpstate text has a different name on every phone, so modules select it with the special glob "@dumpstate":
 * `{ from: "bugreport", glob: "@dumpstate" }`. It is the file main_entry.txt names, else the first `dumpState_*.log`,
 * else the first `…/dumpsys.txt` (MVT's order; spec §10.4).
 */
import type { Acquisition } from "../core/acquisition.ts";
import type { Selector } from "../core/artifact.ts";
import { SpyglassError } from "../core/errors.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { readText } from "../core/source.ts";
import { safeArchivePath } from "../formats/zip.ts";
import type { ZipLimits } from "../formats/zip.ts";
import { folderAcquisition } from "./folder.ts";
import { openZipDir } from "./zip-dir.ts";

/** The glob that selects the dumpstate text, wherever the bugreport keeps it. */
export const DUMPSTATE_GLOB = "@dumpstate";

export interface Bugreport extends Acquisition {
  readonly warnings: readonly string[];
  readonly files: readonly string[];
  /** Path of the dumpstate text, when found. */
  readonly dumpstate: string | undefined;
}

const isDir = (x: SourceFile | SourceDir): x is SourceDir => typeof (x as SourceDir).list === "function";

/** Opens a bugreport zip or folder. A file that is not a readable zip → E_CORRUPT "Invalid bugreport archive: …". */
export async function openBugreport(input: SourceFile | SourceDir, opts: { limits?: Partial<ZipLimits> } = {}): Promise<Bugreport> {
  let root: SourceDir;
  const warnings: string[] = [];
  if (isDir(input)) root = input;
  else {
    try {
      const zip = await openZipDir(input, opts.limits ? { limits: opts.limits } : {});
      warnings.push(...zip.warnings);
      root = zip;
    } catch (err) {
      if (err instanceof SpyglassError && err.code === "E_CORRUPT") throw new SpyglassError("E_CORRUPT", `Invalid bugreport archive: ${err.message}`, { file: input.path, cause: err });
      throw err;
    }
  }
  const acq = await folderAcquisition(root, { kind: "bugreport" });
  const opened: SourceFile[] = [];
  const dumpstate = await locateDumpstate(root, acq.files, opened, warnings);
  const dumpstateFile = dumpstate === undefined ? undefined : await root.file(dumpstate);
  async function* select(sel: Selector): AsyncIterable<SourceFile> {
    if (sel.from === "bugreport" && "glob" in sel && sel.glob === DUMPSTATE_GLOB) {
      if (dumpstateFile) yield dumpstateFile;
      return;
    }
    yield* acq.select(sel);
  }
  return { ...acq, select, opened, warnings, dumpstate };
}

async function locateDumpstate(root: SourceDir, files: readonly string[], opened: SourceFile[], warnings: string[]): Promise<string | undefined> {
  const main = files.includes("main_entry.txt") ? await root.file("main_entry.txt") : undefined;
  if (main) {
    opened.push(main);
    // A one-line file naming the dumpstate (e.g. "bugreport-…-2023-07-24-00-38-00.txt"); 4 KiB bounds a hostile one.
    const named = (await readText(main, 4096).catch(() => "")).trim();
    const safe = safeArchivePath(named);
    if ("path" in safe && files.includes(safe.path)) return safe.path;
    warnings.push(`main_entry.txt names ${JSON.stringify(named.slice(0, 200))}, which this bugreport does not hold; looking for the dumpstate by name`);
  }
  return files.find((f) => /^dumpState_.*\.log$/.test(f)) ?? files.find((f) => /^.+\/dumpsys\.txt$/.test(f));
}
