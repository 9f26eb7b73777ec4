/**
 * What the person gave, as the worker takes it: a folder (its files, each with the path inside the folder) or one
 * file. From the pickers, or from a drop (a dropped folder is walked through its directory entries).
 */
import type { EvidenceInput } from "../src/browser/protocol.ts";

/** A folder's files from the folder picker (each carries webkitRelativePath). */
export const fromFolderPicker = (files: FileList): EvidenceInput => ({ kind: "folder", files: [...files] });

const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

async function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries returns at most 100 entries per call in Chromium: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return all;
    all.push(...batch);
  }
}

/**
 * A dropped folder's files. A dropped File has no webkitRelativePath, and one set on the object does not survive
 * the structured clone to the worker (measured in Chromium), so each file is named by its path inside the dropped
 * folder ("Manifest.db", "ab/ab12…"): the worker's folder takes a name with "/" as that path.
 */
async function walk(entry: FileSystemEntry, top: string, out: File[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    out.push(new File([file], entry.fullPath.slice(top.length + 1), { type: file.type, lastModified: file.lastModified }));
  } else if (entry.isDirectory) {
    for (const e of await entriesOf(entry as FileSystemDirectoryEntry)) await walk(e, top, out);
  }
}

/** What was dropped: one folder, or one file; anything else is a plain sentence to show. */
export async function fromDrop(data: DataTransfer): Promise<EvidenceInput | string> {
  const entries = [...data.items].map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  // Files handed over without entries (made by a script, or a browser without the entries API): one file is fine.
  if (!entries.length && data.files.length === 1) return { kind: "file", file: data.files[0]! };
  if (entries.length !== 1) return "Drop one thing at a time: the iPhone backup folder, or one Android file.";
  const entry = entries[0]!;
  if (entry.isFile) return { kind: "file", file: await fileOf(entry as FileSystemFileEntry) };
  const files: File[] = [];
  await walk(entry, entry.fullPath, files);
  return { kind: "folder", files };
}
