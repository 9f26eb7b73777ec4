/**
 * Android 16 Advanced Protection intrusion logs as an acquisition (kind "intrusion-logs"): the NDJSON `*.txt` files of
 * a folder or a zip, including the `*.txt` members of zips found inside (at any depth up to a bound), as MVT reads
 * them (the extension in any case). A member inside a nested zip is named `<zip path>::<member>` (MVT's notation).
 * The acquisition lists only log files, so modules select them all with `{ from: "intrusion-logs", glob: "**" }`.
 */
import type { Acquisition } from "../core/acquisition.ts";
import type { Selector } from "../core/artifact.ts";
import { SpyglassError } from "../core/errors.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { openZip } from "../formats/zip.ts";
import type { ZipArchive } from "../formats/zip.ts";
import { listFiles } from "./folder.ts";
import { globMatch } from "./glob.ts";
import { openZipDir } from "./zip-dir.ts";

/** Zips inside zips are followed this deep; log files listed at most this many. */
export const INTRUSION_LIMITS = { depth: 4, files: 100_000 };

export interface IntrusionLogs extends Acquisition {
  readonly warnings: readonly string[];
  /** Every log file's path, sorted (nested members as `a.zip::b.txt`). */
  readonly files: readonly string[];
}

const isDir = (x: SourceFile | SourceDir): x is SourceDir => typeof (x as SourceDir).list === "function";
const UNSAFE = "Skipping unsafe intrusion log archive entry";

/** Opens a folder or a .zip of intrusion logs (E_CORRUPT when the file is not a readable zip). */
export async function openIntrusionLogs(input: SourceFile | SourceDir): Promise<IntrusionLogs> {
  const warnings: string[] = [];
  const found = new Map<string, () => Promise<SourceFile | undefined>>();
  let root: SourceDir;
  if (isDir(input)) root = input;
  else {
    const zip = await openZipDir(input);
    for (const s of zip.skipped) warnings.push(`${UNSAFE}: ${input.path}::${s.name} (${s.reason})`);
    root = zip;
  }
  const add = (path: string, get: () => Promise<SourceFile | undefined>) => {
    if (found.size < INTRUSION_LIMITS.files) found.set(path, get);
    else if (found.size === INTRUSION_LIMITS.files) warnings.push(`more than ${INTRUSION_LIMITS.files} intrusion log files: the rest are ignored`);
  };
  for (const path of await listFiles(root)) {
    const lower = path.toLowerCase();
    if (lower.endsWith(".txt")) add(path, () => root.file(path));
    else if (lower.endsWith(".zip")) {
      const f = await root.file(path);
      if (f) await walkZip(f, path, 1, add, warnings);
    }
  }
  const files = [...found.keys()].sort();
  async function* select(sel: Selector): AsyncIterable<SourceFile> {
    if (sel.from !== "intrusion-logs" || !("glob" in sel)) return;
    for (const path of files) {
      if (!globMatch(sel.glob, path)) continue;
      const f = await found.get(path)!();
      if (f) yield f;
    }
  }
  return { kind: "intrusion-logs", root, device: {}, opened: [], files, warnings, select, sidecar: async () => undefined, close() {} };
}

async function walkZip(file: SourceFile, label: string, depth: number, add: (p: string, g: () => Promise<SourceFile | undefined>) => void, warnings: string[]): Promise<void> {
  let zip: ZipArchive;
  try {
    zip = await openZip(file);
  } catch (err) {
    warnings.push(`Skipping invalid zip: ${label} (${err instanceof SpyglassError ? err.message : String(err)})`);
    return;
  }
  for (const s of zip.skipped) warnings.push(`${UNSAFE}: ${label}::${s.name} (${s.reason})`);
  for (const e of zip.entries) {
    if (e.isDir) continue;
    const path = `${label}::${e.name}`;
    const lower = e.name.toLowerCase();
    if (lower.endsWith(".txt")) add(path, async () => zip.memberFile(e, path));
    else if (lower.endsWith(".zip")) {
      if (depth >= INTRUSION_LIMITS.depth) warnings.push(`Skipping zip nested more than ${INTRUSION_LIMITS.depth} deep: ${path}`);
      else await walkZip(zip.memberFile(e, path), path, depth + 1, add, warnings);
    }
  }
}
