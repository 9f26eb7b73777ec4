/**
 * Evidence in a browser: a SourceFile over a `File`/`Blob` (read by slices, never whole unless asked), and a
 * SourceDir over the `File`s of a picked or dropped folder (their `webkitRelativePath`).
 */
import { SpyglassError } from "../core/errors.ts";
import { MAX_WHOLE_FILE, type SourceDir, type SourceFile } from "../core/source.ts";
import { readSlice } from "./read-ahead.ts";

/** A SourceFile of this host: the Blob it reads, as a property (inputs pass files on as copies, `{ ...f, meta }`). */
interface BlobSourceFile extends SourceFile {
  readonly blob: Blob;
}

/**
 * The Blob a SourceFile of this host reads (for the SQLite VFS, which reads it synchronously, and for nested workers,
 * which open it again), also through an input's copy of it; not a file whose content differs from the Blob's.
 */
export const blobOf = (file: SourceFile): Blob | undefined => {
  const blob = (file as Partial<BlobSourceFile>).blob;
  return blob instanceof Blob && blob.size === file.size ? blob : undefined;
};

/** A read-only file over a Blob, named `path` to users. */
export function blobFile(blob: Blob, path: string): SourceFile {
  const mtime = (blob as Partial<File>).lastModified;
  const file: BlobSourceFile = {
    path,
    size: blob.size,
    blob,
    ...(typeof mtime === "number" ? { mtime: mtime / 1000 } : {}), // ms: a File has no finer time
    async bytes(limit = MAX_WHOLE_FILE) {
      if (blob.size > limit) throw new SpyglassError("E_LIMIT", `file is ${blob.size} bytes, over the ${limit}-byte limit`, { file: path });
      return new Uint8Array(await blob.arrayBuffer());
    },
    stream: () => blob.stream() as ReadableStream<Uint8Array>,
    slice(start, end) {
      const from = Math.max(0, start);
      return readSlice(blob, from, Math.max(from, Math.min(blob.size, end)));
    },
  };
  return file;
}

interface Node {
  readonly files: Map<string, File>;
  readonly dirs: Map<string, Node>;
}

/**
 * The folder the user picked: `files` carry `webkitRelativePath` ("Backup/Manifest.db"), whose first part is the
 * picked folder's name (the root's path). A file without one (a single dropped file) sits at the root.
 */
export function filesDir(files: readonly File[]): SourceDir {
  const root: Node = { files: new Map(), dirs: new Map() };
  let top = "";
  for (const f of files) {
    const parts = (f.webkitRelativePath || f.name).split("/").filter(Boolean);
    if (f.webkitRelativePath && parts.length > 1) {
      const first = parts.shift()!;
      top ||= first;
    }
    let at = root;
    for (const p of parts.slice(0, -1)) {
      let next = at.dirs.get(p);
      if (!next) at.dirs.set(p, (next = { files: new Map(), dirs: new Map() }));
      at = next;
    }
    at.files.set(parts[parts.length - 1]!, f);
  }
  return nodeDir(root, top, "");
}

/** As Node's folders: files are named relative to the folder first given (`display`), the folder by its path. */
function nodeDir(node: Node, path: string, display: string): SourceDir {
  const join = (base: string, rel: string) => (base ? `${base}/${rel}` : rel);
  const walk = (rel: string): { node: Node; name: string } | undefined => {
    const parts = rel.split("/").filter((p) => p && p !== ".");
    if (parts.includes("..") || !parts.length) return undefined; // never leaves the root
    let at: Node | undefined = node;
    for (const p of parts.slice(0, -1)) at = at?.dirs.get(p);
    return at && { node: at, name: parts[parts.length - 1]! };
  };
  const made = new Map<string, SourceFile>(); // one SourceFile per File: the SQLite VFS keys its cache by it
  return {
    path,
    async list() {
      return [...[...node.dirs.keys()].map((name) => ({ name, kind: "dir" as const })), ...[...node.files.keys()].map((name) => ({ name, kind: "file" as const }))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    async file(rel) {
      const w = walk(rel);
      const f = w?.node.files.get(w.name);
      if (!f) return undefined;
      let sf = made.get(rel);
      if (!sf) made.set(rel, (sf = blobFile(f, join(display, rel))));
      return sf;
    },
    async dir(rel) {
      const w = walk(rel);
      const d = w?.node.dirs.get(w.name);
      return d && nodeDir(d, join(path, rel), join(display, rel));
    },
  };
}
