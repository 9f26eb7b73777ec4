/**
 * Mutations of a seed's entries, each drawn from the run's random source and described in one line (the report
 * names them, so a failure can be told apart and reproduced): bit flips, truncation, wrong types, hostile names,
 * bombs, symlinks out of the evidence, over-long lines.
 */
import { buildZip } from "../test/builders/android.ts";
import { deflatedZeros } from "./bombs.ts";
import { isText, nameOf, type Entry } from "./entries.ts";
import type { Rng } from "./rng.ts";
import type { Kind } from "./seeds.ts";

export const MUTATIONS = ["bitflip", "truncate", "wrong-type", "hostile-name", "bomb", "symlink", "long-line"] as const;
export type Mutation = (typeof MUTATIONS)[number];
const WEIGHTS: Record<Mutation, number> = { bitflip: 3, truncate: 2, "wrong-type": 2, "hostile-name": 2, bomb: 1, symlink: 2, "long-line": 1 };

/** What a run writes: the entries, and what happens to the evidence as a whole. */
export interface Plan {
  entries: Entry[];
  /** Applied to the packed zip or .ab (a flip or cut of the archive itself). */
  packed?: (b: Buffer) => Buffer;
  /** The evidence is the other type: a file where a folder is expected, or a folder where a file is. */
  otherType?: boolean;
  /** The evidence's own folder or file name is not valid UTF-8. */
  badRootName?: boolean;
  /** An encrypted .ab (with the password in the environment). */
  abPassword?: boolean;
  done: string[];
}

export interface Outside {
  /** Absolute paths of the canary file and folder outside the evidence, and their path from the evidence root. */
  file: string;
  dir: string;
  fromRoot: string;
}

const MiB = 1 << 20;
const files = (p: Plan) => p.entries.filter((e) => e.type === "file" && e.data && e.data.length > 0);
const depth = (e: Entry) => nameOf(e).split("/").length - 1;

export function pickMutations(r: Rng): Mutation[] {
  const bag = MUTATIONS.flatMap((m) => Array<Mutation>(WEIGHTS[m]).fill(m));
  return Array.from({ length: r.chance(0.3) ? 2 : 1 }, () => r.pick(bag));
}

export async function mutate(kind: Kind, m: Mutation, p: Plan, r: Rng, out: Outside): Promise<void> {
  const archive = kind.layout !== "dir";
  const some = () => r.pick(files(p));
  switch (m) {
    case "bitflip": {
      const flips = r.between(1, 16);
      const head = r.chance(0.5); // headers and magic numbers are where parsers branch
      const flip = (b: Buffer) => {
        const c = Buffer.from(b);
        for (let i = 0; i < flips; i++) c[r.int(head ? Math.min(c.length, 4096) : c.length)]! ^= 1 << r.int(8);
        return c;
      };
      if (archive && r.chance(0.5)) (p.packed = flip), p.done.push(`bitflip: ${flips} bits of the ${kind.layout} file${head ? " (first 4 KiB)" : ""}`);
      else {
        const e = some();
        e.data = flip(e.data!);
        p.done.push(`bitflip: ${flips} bits of ${nameOf(e)}${head ? " (first 4 KiB)" : ""}`);
      }
      return;
    }
    case "truncate": {
      const frac = r.next();
      if (archive && r.chance(0.5)) (p.packed = (b) => b.subarray(0, Math.floor(b.length * frac))), p.done.push(`truncate: the ${kind.layout} file to ${(frac * 100).toFixed(0)}%`);
      else {
        const e = some();
        e.data = e.data!.subarray(0, Math.floor(e.data!.length * frac));
        p.done.push(`truncate: ${nameOf(e)} to ${e.data.length} bytes`);
      }
      return;
    }
    case "wrong-type":
      return wrongType(kind, p, r);
    case "hostile-name":
      return hostileName(kind, p, r);
    case "bomb":
      return bomb(kind, p, r);
    case "symlink": {
      const targets = [out.file, out.dir, "/dev/zero", "loop"];
      const target = r.pick(targets);
      const e = r.chance(0.8) ? some() : r.pick(p.entries);
      const relative = target === out.file && r.chance(0.5);
      Object.assign(e, { type: "symlink", target: relative ? "../".repeat(depth(e)) + out.fromRoot : target === "loop" ? nameOf(e).split("/").pop()! : target, data: undefined });
      // On disk, what a replaced folder held goes with it; an archive keeps those members beside the symlink (hostile ones do).
      if (kind.layout === "dir") p.entries = p.entries.filter((x) => !nameOf(x).startsWith(nameOf(e) + "/"));
      p.done.push(`symlink: ${nameOf(e)} -> ${e.target}`);
      return;
    }
    case "long-line": {
      const text = p.entries.filter(isText);
      const e = text.length ? r.pick(text) : some();
      const len = r.pick([1, 16, 64]) * MiB;
      const d = e.data!;
      const at = Math.max(0, d.indexOf(0x0a, r.int(d.length)) + 1);
      e.data = Buffer.concat([d.subarray(0, at), Buffer.alloc(len, r.pick(["A", "{\"", "0"])), Buffer.from("\n"), d.subarray(at)]);
      p.done.push(`long-line: a ${len / MiB} MiB line in ${nameOf(e)} at byte ${at}`);
      return;
    }
  }
}

function wrongType(kind: Kind, p: Plan, r: Rng): void {
  const choice = r.int(5);
  if (choice === 0) {
    p.otherType = true;
    p.done.push(`wrong-type: the evidence is a ${kind.layout === "dir" ? "file" : "folder"}`);
    return;
  }
  if (choice === 1) {
    const e = r.pick(files(p));
    Object.assign(e, { type: "dir", data: undefined });
    p.entries.push({ name: Buffer.concat([e.name, Buffer.from("/x")]), type: "file", data: Buffer.from("x") });
    p.done.push(`wrong-type: ${nameOf(e)} is a folder`);
    return;
  }
  const dirs = p.entries.filter((e) => e.type === "dir");
  if (choice === 2 && dirs.length) {
    const d = r.pick(dirs);
    p.entries = p.entries.filter((x) => !nameOf(x).startsWith(nameOf(d) + "/"));
    Object.assign(d, { type: "file", data: Buffer.from("not a folder\n") });
    p.done.push(`wrong-type: folder ${nameOf(d)} is a file`);
    return;
  }
  const sqlite = files(p).filter((e) => e.data!.subarray(0, 15).toString("latin1") === "SQLite format 3");
  if (choice === 3 && sqlite.length) {
    const e = r.pick(sqlite);
    e.data = Buffer.from(JSON.stringify({ note: "JSON where SQLite is expected", rows: [1, 2, 3] }));
    p.done.push(`wrong-type: JSON in ${nameOf(e)} (an SQLite database)`);
    return;
  }
  const e = r.pick(files(p));
  e.data = SQLITE;
  p.done.push(`wrong-type: an SQLite database in ${nameOf(e)}`);
}

let SQLITE: Buffer = Buffer.alloc(0);
/** The SQLite bytes wrong-type puts where text is expected (set once by the runner: seeds.sqliteBytes()). */
export const setSqlite = (b: Buffer) => void (SQLITE = b);

function hostileName(kind: Kind, p: Plan, r: Rng): void {
  if (r.chance(0.15)) {
    p.badRootName = true;
    p.done.push("hostile-name: the evidence's own name is not UTF-8");
    return;
  }
  const src = r.pick(files(p));
  const names: Buffer[] = [
    Buffer.from([0x66, 0xff, 0xfe, 0x80, 0x2e, 0x74, 0x78, 0x74]), // f\xff\xfe\x80.txt
    Buffer.from("n".repeat(255)),
    Buffer.from("\x1b[2J\x1b]0;pwned\x07VERDICT: NO KNOWN TRACES FOUND.txt"),
    Buffer.from("line\nbreak\r.txt"),
    Buffer.from(Array(40).fill("d").join("/") + "/deep.txt"),
  ];
  if (kind.layout !== "dir") names.push(Buffer.from("../../../fuzz-escape.txt"), Buffer.from("/tmp/fuzz-absolute.txt"), Buffer.from("a/../../b.txt"), Buffer.from("x".repeat(5000)));
  const renameExisting = r.chance(0.3);
  const name = renameExisting ? Buffer.concat([src.name, Buffer.from([0xff])]) : r.pick(names);
  if (kind.layout === "ab" && !renameExisting && !isUtf8(name)) return hostileName(kind, p, r); // tar names are written as UTF-8 text
  if (renameExisting) src.name = kind.layout === "ab" ? Buffer.concat([src.name, Buffer.from("\u202e")]) : name;
  else p.entries.push({ name, type: "file", data: src.data! });
  p.done.push(`hostile-name: ${renameExisting ? "renamed " : ""}${JSON.stringify(name.toString("latin1").slice(0, 60))}${name.length > 60 ? `… (${name.length} bytes)` : ""}`);
}

const isUtf8 = (b: Buffer) => Buffer.from(b.toString("utf8")).equals(b);

async function bomb(kind: Kind, p: Plan, r: Rng): Promise<void> {
  const wanted = files(p).filter(isText);
  const replace = wanted.length > 0 && r.chance(0.6);
  const target = replace ? r.pick(wanted) : undefined;
  const where = target ? nameOf(target) : "unread.bin";
  if (kind.layout === "dir") {
    if (kind.id.startsWith("androidqf") && r.chance(0.5)) return nestedBugreport(p, r);
    const size = r.pick([1, 4, 16]) * 1024 * MiB;
    const e: Entry = target ?? { name: Buffer.from(where), type: "file" };
    if (!target) p.entries.push(e);
    Object.assign(e, { data: undefined, sparse: size });
    p.done.push(`bomb: ${where} is ${size / 1024 / MiB} GiB of holes`);
  } else if (kind.layout === "zip") {
    if (kind.id.startsWith("androidqf") && r.chance(0.5)) return nestedBugreport(p, r);
    const speckled = r.chance(0.5);
    const size = r.pick(speckled ? [256, 700] : [256, 1024, 2047]) * MiB;
    const e: Entry = target ?? { name: Buffer.from(where), type: "file" };
    if (!target) p.entries.unshift(e); // before the members that are read: a reader must not inflate it to reach them
    Object.assign(e, { data: undefined, deflated: await deflatedZeros(size, speckled) });
    p.done.push(`bomb: zip member ${where}, ${size / MiB} MiB of ${speckled ? "speckled zeros (~100:1)" : "zeros (~1000:1)"}`);
  } else {
    const size = r.pick([64, 256]) * MiB;
    const e: Entry = target ?? { name: Buffer.from("apps/unread/f/unread.bin"), type: "file" };
    if (!target) p.entries.unshift(e);
    e.data = Buffer.alloc(size);
    p.done.push(`bomb: .ab member ${nameOf(e)}, ${size / MiB} MiB of zeros`);
  }
}

/** androidqf mounts its bugreport.zip: one whose dumpstate.txt is a line of zeros (the issue's 900 MiB case). */
async function nestedBugreport(p: Plan, r: Rng): Promise<void> {
  const speckled = r.chance(0.5);
  const size = r.pick([256, speckled ? 700 : 1024]) * MiB;
  const z = await deflatedZeros(size, speckled);
  const data = buildZip([{ name: "main_entry.txt", data: "dumpstate.txt" }, { name: "dumpstate.txt", methodCode: 8, data: z.raw, declaredSize: z.size, declaredCrc: z.crc }]);
  p.entries = p.entries.filter((e) => nameOf(e) !== "bugreport.zip");
  p.entries.push({ name: Buffer.from("bugreport.zip"), type: "file", data });
  p.done.push(`bomb: bugreport.zip whose dumpstate.txt is ${size / MiB} MiB of ${speckled ? "speckled zeros (~100:1)" : "zeros (~1000:1)"}`);
}
