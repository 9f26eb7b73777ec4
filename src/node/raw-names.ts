/**
 * File names that are not valid UTF-8 inside evidence (Linux names are bytes; an app's files can be named anything).
 * A JavaScript string cannot hold such a name, so Node would list it with U+FFFD in place of its bytes and then fail
 * to open it. Here it is listed with its bad bytes escaped (`bad-\xff`), and on Linux reached through a descriptor
 * opened on it by its bytes (/proc/self/fd/N, as for command-line paths in raw-argv.ts); the escaped path maps to it.
 */
import { constants, lstatSync, openSync, readdirSync, statSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";

/** Escaped path (folder + escaped name) → the descriptor path that reaches it. */
const viaDescriptor = new Map<string, string>();
/** Descriptors held open for such names in one run (each stays open until exit). */
export const MAX_RAW_NAMES = 1000;

const utf8Length = (b: number) => (b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0);

/** The name as text: valid UTF-8 as it is, every other byte as `\xNN`. */
export function escapeBytes(raw: Buffer): string {
  let out = "";
  for (let i = 0; i < raw.length; ) {
    const n = utf8Length(raw[i]!);
    const piece = n && i + n <= raw.length ? raw.subarray(i, i + n) : undefined;
    const text = piece?.toString("utf8");
    if (piece && text !== undefined && Buffer.from(text).equals(piece)) {
      out += text;
      i += n;
    } else out += `\\x${raw[i++]!.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** The path to give fs for a path that may hold escaped names (the path itself when it holds none). */
export function fsPath(p: string): string {
  if (viaDescriptor.size === 0) return p;
  for (let q = p; ; q = dirname(q)) {
    const fd = viaDescriptor.get(q);
    if (fd !== undefined) return fd + p.slice(q.length);
    if (dirname(q) === q) return p;
  }
}

/** lstat of a path that may hold escaped names (a descriptor itself is a link to follow: its file was opened with O_NOFOLLOW). */
export function lstatPath(p: string): Stats {
  const real = fsPath(p);
  return real !== p && /^\/proc\/self\/fd\/\d+$/.test(real) ? statSync(real) : lstatSync(real);
}

/** A folder's files and folders; names that are not UTF-8 escaped and made reachable (skipped past the bound). */
export function listEntries(dir: string): { name: string; kind: "file" | "dir" }[] {
  const out: { name: string; kind: "file" | "dir" }[] = [];
  const real = fsPath(dir);
  for (const d of readdirSync(real, { withFileTypes: true, encoding: "buffer" })) {
    if (!d.isFile() && !d.isDirectory()) continue;
    const kind = d.isDirectory() ? ("dir" as const) : ("file" as const);
    const text = d.name.toString("utf8");
    if (Buffer.from(text).equals(d.name)) {
      out.push({ name: text, kind });
      continue;
    }
    const name = escapeBytes(d.name);
    const key = join(dir, name);
    if (!viaDescriptor.has(key)) {
      if (process.platform !== "linux" || viaDescriptor.size >= MAX_RAW_NAMES) continue;
      try {
        // O_NOFOLLOW: a symbolic link is not followed, as lstat does for the other names.
        viaDescriptor.set(key, `/proc/self/fd/${openSync(Buffer.concat([Buffer.from(real + "/"), d.name]), constants.O_RDONLY | constants.O_NOFOLLOW)}`);
      } catch {
        continue; // unreadable: left out, as any unreadable entry
      }
    }
    out.push({ name, kind });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
