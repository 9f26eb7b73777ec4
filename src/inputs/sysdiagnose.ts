/**
 * An iOS sysdiagnose as an acquisition (kind "sysdiagnose"): the `.tar.gz` the phone writes (one top folder
 * `sysdiagnose_YYYY.MM.DD_HH-MM-SS±ZZZZ_iPhone-OS_iPhone_BUILD/`), or its unpacked folder. Paths are relative to the
 * top folder (`ps.txt`, `system_logs.logarchive/Extra/shutdown.log`), as the EC-DIGIT sysdiagnose framework sees them.
 *
 * A tar.gz has no index and is hundreds of MB (mostly the unified log archive), so it is read ONCE, streaming, when it
 * is opened: only the members the modules want (`keep`) are kept, text in memory under bounds, databases in the host's
 * scratch space (SQLite needs random access); everything else streams past. A truncated archive keeps what was read.
 */
import type { Acquisition } from "../core/acquisition.ts";
import { describeError, SpyglassError } from "../core/errors.ts";
import type { Host } from "../core/host.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { memoryFile } from "../core/source.ts";
import { readTar } from "../formats/tar.ts";
import { folderAcquisition } from "./folder.ts";
import { spillTo } from "./spill.ts";
import { DEVICE_FILES, sysdiagnoseDevice } from "./sysdiagnose-device.ts";
import { gunzip, SYSDIAGNOSE_TOP } from "./sysdiagnose-identify.ts";
import { virtualDir } from "./zip-dir.ts";

/**
 * Kept text members live in memory: the largest a module reads are the mobile installation logs and shutdown.log
 * (a few MB each on phones we saw described), so 64 MiB per member and 512 MiB in all bound a hostile archive.
 * Databases go to scratch files, up to 4 GiB each (a host without scratch files keeps them in memory, under `member`);
 * a text member over `member` is left unread with a warning.
 */
export const SYSDIAGNOSE_LIMITS = { member: 64 * 1024 * 1024, total: 512 * 1024 * 1024, spill: 4 * 1024 ** 3 };

/** Members read as SQLite: random access, so spilled rather than held. */
const DATABASE = /\.(db|sqlite|sqlitedb|storedata)(-wal)?$/i;

export interface Sysdiagnose extends Acquisition {
  /** Problems that did not stop the run (skipped or over-large members, a damaged archive), one line each. */
  readonly warnings: readonly string[];
  /** The kept (or, for a folder, all) files, relative to the sysdiagnose root. */
  readonly files: readonly string[];
}

export interface SysdiagnoseOptions {
  /** Which members (paths relative to the top folder) to keep; default: all (under the bounds). */
  readonly keep?: (path: string) => boolean;
  readonly limits?: Partial<typeof SYSDIAGNOSE_LIMITS>;
}

const isDir = (x: SourceFile | SourceDir): x is SourceDir => typeof (x as SourceDir).list === "function";

/** Opens a sysdiagnose folder (the top folder, or a folder holding only it) or its .tar.gz. */
export async function openSysdiagnose(input: SourceFile | SourceDir, host: Host, opts: SysdiagnoseOptions = {}): Promise<Sysdiagnose> {
  if (isDir(input)) {
    const entries = await input.list();
    const only = entries.length === 1 && entries[0]!.kind === "dir" && SYSDIAGNOSE_TOP.test(entries[0]!.name) ? entries[0]!.name : undefined;
    const root = only ? (await input.dir(only))! : input;
    const top = only ?? input.path.split("/").pop();
    const acq = await folderAcquisition(root, { kind: "sysdiagnose", device: await sysdiagnoseDevice(root, top) });
    return { ...acq, warnings: [] };
  }
  const name = input.path;
  const limits = { ...SYSDIAGNOSE_LIMITS, ...opts.limits };
  const want = opts.keep ?? (() => true);
  const keep = (p: string) => DEVICE_FILES.includes(p) || want(p) || want(p.replace(/-(wal|shm)$/, ""));
  const warnings: string[] = [];
  const kept = new Map<string, () => SourceFile>();
  const spill = spillTo(host);
  const evidence = input.evidence ?? input;
  let top: string | undefined;
  let total = 0;
  let members = 0;
  try {
    for await (const e of readTar(gunzip(input), { name, onWarning: (w) => warnings.push(w) })) {
      members++;
      const [first, ...rest] = e.path.split("/");
      if (SYSDIAGNOSE_TOP.test(first!)) top ??= first;
      const rel = SYSDIAGNOSE_TOP.test(first!) ? rest.join("/") : e.path;
      if (e.type !== "file" || rel === "" || !keep(rel)) continue;
      const mtime = e.mtime;
      const withTime = (f: SourceFile): SourceFile => ({ ...f, evidence, ...(mtime !== undefined ? { mtime } : {}) });
      if (DATABASE.test(rel)) {
        if (e.size > limits.spill) {
          warnings.push(`${name}: member "${rel}" (${e.size} bytes) not read: over the ${limits.spill}-byte limit for a database`);
          continue;
        }
        const spilled = await spill.spill(rel, e.stream());
        if (spilled) {
          kept.set(rel, () => withTime(spilled));
          continue;
        }
      }
      // Text over the bound is left unread (no module reads more of one file): it streams past, never held or written.
      if (e.size > limits.member) {
        warnings.push(`${name}: member "${rel}" (${e.size} bytes) not read: over the in-memory limit of ${limits.member} bytes`);
        continue;
      }
      if (total + e.size > limits.total) {
        warnings.push(`${name}: member "${rel}" (${e.size} bytes) not read: the ${limits.total}-byte in-memory limit for kept members is reached`);
        continue;
      }
      const data = await e.bytes(limits.member);
      total += data.length;
      kept.set(rel, () => withTime(memoryFile(rel, data)));
    }
  } catch (err) {
    const why = err instanceof SpyglassError ? err.message : describeError(err);
    if (members === 0) {
      spill.dispose();
      throw new SpyglassError("E_CORRUPT", `not a readable sysdiagnose archive (${why})`, { file: name, cause: err });
    }
    warnings.push(`${name} is damaged after ${members} member(s) (${why}): the modules see only the ${kept.size} kept before it`);
  }
  const root = virtualDir(name, kept);
  const acq = await folderAcquisition(root, { kind: "sysdiagnose", device: await sysdiagnoseDevice(root, top) });
  return {
    ...acq,
    opened: [input],
    warnings,
    close() {
      acq.close();
      spill.dispose();
    },
  };
}
