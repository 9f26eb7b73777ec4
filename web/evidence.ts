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

/** A dropped folder's files, each given the path a folder picker would give it ("Backup/Manifest.db"). */
async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    // A dropped file has no webkitRelativePath; it is set on this object (the worker receives the files by
    // structured clone, which keeps it) so the worker sees what the folder picker gives.
    Object.defineProperty(file, "webkitRelativePath", { value: entry.fullPath.replace(/^\//, "") });
    out.push(file);
  } else if (entry.isDirectory) {
    for (const e of await entriesOf(entry as FileSystemDirectoryEntry)) await walk(e, out);
  }
}

/** What was dropped: one folder, or one file; anything else is a plain sentence to show. */
export async function fromDrop(data: DataTransfer): Promise<EvidenceInput | string> {
  const entries = [...data.items].map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  if (entries.length !== 1) return "Drop one thing at a time: the iPhone backup folder, or one Android file.";
  const entry = entries[0]!;
  if (entry.isFile) return { kind: "file", file: await fileOf(entry as FileSystemFileEntry) };
  const files: File[] = [];
  await walk(entry, files);
  return { kind: "folder", files };
}
