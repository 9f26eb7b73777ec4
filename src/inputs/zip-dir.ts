/**
 * A zip as a read-only SourceDir (members as files, nested folders), so folderAcquisition works on an androidqf or
 * bugreport zip exactly as on the unpacked folder. Also `virtualDir`, the same folder view over any set of files
 * (the members kept from an Android backup's tar).
 */
import type { SourceDir, SourceFile } from "../core/source.ts";
import { openZip } from "../formats/zip.ts";
import type { SkippedEntry, SpillMember, ZipArchive, ZipLimits } from "../formats/zip.ts";

export interface ZipDir extends SourceDir {
  readonly archive: ZipArchive;
  /** Every file, relative to the root (after rooting), sorted. */
  readonly files: readonly string[];
  /** The top folder the view is rooted at ("" when none). */
  readonly rootedAt: string;
  /** Members left out (unsafe names, symlinks, bombs…), one line each naming the zip and the member. */
  readonly warnings: readonly string[];
  readonly skipped: readonly SkippedEntry[];
}

export interface ZipDirOptions {
  /**
   * When every member sits under one top folder (androidqf.zip holds `androidqfzip/getprop.txt`), root the view at
   * that folder so paths match the unpacked acquisition. A function decides by the folder's name (androidqf must not
   * root a zip holding only `intrusion_logs/` at that folder). Default: false.
   */
  readonly rootSingleFolder?: boolean | ((folder: string) => boolean);
  readonly limits?: Partial<ZipLimits>;
  /** Where members needed for random access are inflated (see `spillTo`); without it, into memory. */
  readonly spill?: SpillMember;
}

/** Opens a zip file as a folder view; errors as openZip (E_CORRUPT naming the zip for a truncated or non-zip file). */
export async function openZipDir(file: SourceFile, opts: ZipDirOptions = {}): Promise<ZipDir> {
  const archive = await openZip(file, { ...(opts.limits ? { limits: opts.limits } : {}), ...(opts.spill ? { spill: opts.spill } : {}) });
  const tops = new Set(archive.entries.map((e) => (e.isDir || e.name.includes("/") ? e.name.split("/")[0]! : "\0file")));
  const single = tops.size === 1 && !tops.has("\0file") ? [...tops][0]! : "";
  const rule = opts.rootSingleFolder ?? false;
  const rootedAt = single && (typeof rule === "function" ? rule(single) : rule) ? single : "";
  const cut = rootedAt ? rootedAt.length + 1 : 0;
  const files = new Map<string, () => SourceFile>();
  const dirs: string[] = [];
  for (const e of archive.entries) {
    if (rootedAt && e.name === rootedAt) continue;
    const rel = e.name.slice(cut);
    if (e.isDir) dirs.push(rel);
    else files.set(rel, () => archive.memberFile(e, rel));
  }
  const view = virtualDir(file.path, files, dirs);
  return Object.assign(view, { archive, files: [...files.keys()].sort(), rootedAt, warnings: archive.warnings, skipped: archive.skipped });
}

/**
 * A read-only folder over files named by "/"-separated relative paths (already safe: no "..", no leading "/"). Each
 * file is made on first use and kept; its `path` is its full relative path, whichever sub-folder view returned it
 * (as the Node folder host names files relative to the acquisition root).
 */
export function virtualDir(path: string, files: ReadonlyMap<string, () => SourceFile>, extraDirs: Iterable<string> = []): SourceDir {
  // folder → its entries; a name that is both a file and a folder (zip allows it) is listed as both, so neither is lost.
  const children = new Map<string, Map<string, { file: boolean; dir: boolean }>>([["", new Map()]]);
  const note = (parent: string, name: string, kind: "file" | "dir"): void => {
    const siblings = children.get(parent)!;
    const e = siblings.get(name) ?? { file: false, dir: false };
    e[kind] = true;
    siblings.set(name, e);
  };
  const addDir = (dir: string): void => {
    if (children.has(dir)) return;
    children.set(dir, new Map());
    const slash = dir.lastIndexOf("/");
    const parent = slash < 0 ? "" : dir.slice(0, slash);
    addDir(parent);
    note(parent, dir.slice(slash + 1), "dir");
  };
  for (const d of extraDirs) if (d) addDir(d);
  for (const f of files.keys()) {
    const slash = f.lastIndexOf("/");
    const parent = slash < 0 ? "" : f.slice(0, slash);
    if (parent) addDir(parent);
    note(parent, f.slice(slash + 1), "file");
  }
  const made = new Map<string, SourceFile>();
  const norm = (rel: string): string => rel.split("/").filter((p) => p !== "" && p !== ".").join("/");
  const view = (prefix: string): SourceDir => ({
    path: prefix ? `${path}/${prefix}` : path,
    async list() {
      const out: { name: string; kind: "file" | "dir" }[] = [];
      for (const [name, e] of children.get(prefix) ?? []) {
        if (e.dir) out.push({ name, kind: "dir" });
        if (e.file) out.push({ name, kind: "file" });
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.kind < b.kind ? -1 : 1));
    },
    async file(rel) {
      const full = norm(prefix ? `${prefix}/${rel}` : rel);
      if (full.split("/").includes("..")) return undefined;
      let f = made.get(full);
      if (!f) {
        const make = files.get(full);
        if (!make) return undefined;
        made.set(full, (f = make()));
      }
      return f;
    },
    async dir(rel) {
      const full = norm(prefix ? `${prefix}/${rel}` : rel);
      return children.has(full) && !full.split("/").includes("..") ? view(full) : undefined;
    },
  });
  return view("");
}
