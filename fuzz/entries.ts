/**
 * Evidence as a list of entries (path, type, content), so one set of mutations serves folders, zips and .ab files:
 * read from a folder, then written out as a folder, a zip (test/builders' buildZip) or an .ab (buildTar + buildAb).
 * Names are bytes: a mutation may make them invalid UTF-8.
 */
import { closeSync, ftruncateSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildAb, buildTar, buildZip, type ZipMemberSpec } from "../test/builders/android.ts";

export interface Entry {
  name: Buffer; // "/"-separated, relative
  type: "file" | "dir" | "symlink";
  data?: Buffer;
  target?: string; // symlink
  sparse?: number; // a file of this size, all holes (a folder's "bomb": costs nothing to make, a lot to read)
  deflated?: { raw: Buffer; size: number; crc: number }; // a zip member already deflated (a bomb)
}

export const nameOf = (e: Entry) => e.name.toString("utf8");
export const isText = (e: Entry) => e.type === "file" && !!e.data && /\.(txt|json|csv|xml|plist|log)$|dumpstate|main_entry|_backup$/.test(nameOf(e));

/** Every file, folder and symlink under `dir` (folders listed before what they hold). */
export function readTree(dir: string, prefix = ""): Entry[] {
  const out: Entry[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    const name = Buffer.from(prefix + n);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) out.push({ name, type: "symlink", target: readlinkSync(p) });
    else if (st.isDirectory()) out.push({ name, type: "dir" }, ...readTree(p, `${prefix}${n}/`));
    else out.push({ name, type: "file", data: readFileSync(p) });
  }
  return out;
}

/** Writes the entries under `root` (a Buffer path: names may not be UTF-8). Parent folders are made as needed. */
export function writeTree(root: Buffer, entries: readonly Entry[]): void {
  mkdirSync(root, { recursive: true });
  for (const e of entries) {
    const p = Buffer.concat([root, Buffer.from("/"), e.name]);
    const parent = p.subarray(0, p.lastIndexOf(0x2f));
    mkdirSync(parent, { recursive: true });
    if (e.type === "dir") mkdirSync(p, { recursive: true });
    else if (e.type === "symlink") symlinkSync(e.target!, p);
    else if (e.sparse !== undefined) {
      const fd = openSync(p, "w");
      ftruncateSync(fd, e.sparse);
      closeSync(fd);
    } else writeFileSync(p, e.data ?? Buffer.alloc(0));
  }
}

/** A zip of the entries, in order; a symlink becomes a zip symlink member, a sparse file its zeros. */
export function packZip(entries: readonly Entry[]): Buffer {
  const members: ZipMemberSpec[] = entries.map((e) => {
    const name = nameOf(e) + (e.type === "dir" ? "/" : "");
    const rawName = e.type === "dir" ? Buffer.concat([e.name, Buffer.from("/")]) : e.name;
    if (e.deflated) return { name, rawName, methodCode: 8, data: e.deflated.raw, declaredSize: e.deflated.size, declaredCrc: e.deflated.crc };
    if (e.type === "symlink") return { name, rawName, symlink: true, data: e.target! };
    return { name, rawName, data: e.data ?? Buffer.alloc(e.sparse ?? 0) };
  });
  return buildZip(members);
}

/** An .ab (tar inside, compressed; encrypted when a password is given) of the entries. */
export function packAb(entries: readonly Entry[], password?: string): Buffer {
  const tar = buildTar(entries.map((e) => ({
    name: nameOf(e),
    type: e.type,
    ...(e.type === "symlink" ? { linkname: e.target! } : {}),
    ...(e.type === "file" ? { data: e.data ?? Buffer.alloc(e.sparse ?? 0) } : {}),
  })));
  return buildAb(tar, password === undefined ? {} : { password, rounds: 1000 });
}
