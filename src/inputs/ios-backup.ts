/**
 * iTunes/Finder backup folder → Acquisition. Files are found by domain + relative path through Manifest.db
 * (fileID = sha1("domain-relativePath"), stored at xx/fileID), never by hard-coded ids.
 */
import type { Acquisition } from "../core/acquisition.ts";
import type { Selector } from "../core/artifact.ts";
import { SpyglassError, describeError } from "../core/errors.ts";
import type { Host, SqliteDb } from "../core/host.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { sha1Hex } from "../core/source.ts";
import { isPlistDict, readWholePlist } from "../formats/plist.ts";
import { readBackupInfo } from "./ios-backup-info.ts";
import { decryptedPayload, decryptManifest, unlockBackup } from "./ios-backup-keys.ts";
import type { BackupSecret, UnlockedBackup } from "./ios-backup-keys.ts";


const FILE_ID = /^[0-9a-f]{40}$/;

export interface IosBackup extends Acquisition {
  /** Problems that did not stop the run (unreadable Info.plist…), one line each. */
  readonly warnings: readonly string[];
  /** Set when the backup was found in a subfolder of the given folder. */
  readonly foundIn?: string;
  /** The unlocked keys of an encrypted backup (for extract-key). */
  readonly keys?: UnlockedBackup;
  /** Every payload file the manifest lists (decrypted views for an encrypted backup), for decrypt-backup. */
  all(): AsyncIterable<SourceFile>;
}

/** Finds the backup: the folder itself, or its one subfolder holding Manifest.db. */
export async function locateBackup(dir: SourceDir): Promise<{ dir: SourceDir; sub?: string }> {
  if (await dir.file("Manifest.db")) return { dir };
  const subs: { dir: SourceDir; sub: string }[] = [];
  for (const e of await dir.list()) {
    if (e.kind !== "dir") continue;
    const d = await dir.dir(e.name);
    if (d && (await d.file("Manifest.db"))) subs.push({ dir: d, sub: e.name });
  }
  if (subs.length === 1) return subs[0]!;
  if (subs.length > 1) {
    throw new SpyglassError("E_USAGE", `${dir.path} holds ${subs.length} backups (${subs.map((s) => s.sub).join(", ")}): give the one to check`, { file: dir.path });
  }
  throw new SpyglassError("E_NOT_FOUND", `${dir.path} does not appear to be an iTunes backup folder (no Manifest.db in it or in a subfolder)`, { file: dir.path });
}

export interface OpenOptions {
  /** Asked only when the backup is encrypted (so a prompt appears only then). */
  readonly secret?: () => Promise<BackupSecret>;
}

export async function openIosBackup(given: SourceDir, host: Host, opts: OpenOptions = {}): Promise<IosBackup> {
  const { dir: root, sub } = await locateBackup(given);
  const warnings: string[] = [];
  const manifestPlist = await readPlistFile(root, "Manifest.plist", warnings);
  const storedManifest = (await root.file("Manifest.db"))!;
  let keys: UnlockedBackup | undefined;
  let manifestFile = storedManifest;
  if (isPlistDict(manifestPlist) && manifestPlist["IsEncrypted"] === true) {
    if (!opts.secret) {
      throw new SpyglassError("E_ENCRYPTED", `this backup is encrypted: give its password (--password, SPYGLASS_BACKUP_PASSWORD or the prompt) or a key file (--key-file)`, { file: root.path });
    }
    // Wrong passwords fail here, right after the first key unwrap, before any other work.
    keys = await unlockBackup(manifestPlist, await opts.secret(), root.path + "/Manifest.plist");
    manifestFile = await decryptManifest(manifestPlist, keys, storedManifest);
  }
  let db: SqliteDb;
  try {
    const wal = keys ? undefined : await root.file("Manifest.db-wal");
    db = await host.sqlite(manifestFile, wal && wal.size > 0 ? { wal } : {});
  } catch (err) {
    const code = err instanceof SpyglassError && err.code === "E_CORRUPT" ? "E_ENCRYPTED" : "E_CORRUPT";
    throw new SpyglassError(code, `Manifest.db cannot be read: the backup is encrypted or damaged (${describeError(err)})`, { file: manifestFile.path, cause: err });
  }
  if (!db.tables().has("Files")) {
    db.close();
    throw new SpyglassError("E_SCHEMA", "Manifest.db has no Files table: not an iOS backup manifest", { file: manifestFile.path });
  }
  const info = await readPlistFile(root, "Info.plist", warnings);
  const opened: SourceFile[] = [manifestFile];
  for (const name of ["Info.plist", "Manifest.plist", "Manifest.db-wal"]) {
    const f = await root.file(name);
    if (f) opened.push(f);
  }
  const device = readBackupInfo(info as Record<string, unknown> | undefined, manifestPlist as Record<string, unknown> | undefined);

  const payload = async (fileID: string, domain: string, relativePath: string, mbFile?: Uint8Array | null): Promise<SourceFile | undefined> => {
    if (!FILE_ID.test(fileID)) return undefined; // a hostile id must not name a path outside the backup
    const f = await root.file(`${fileID.slice(0, 2)}/${fileID}`);
    if (!f) return undefined;
    const stored = withMeta(f, { domain, relativePath, fileId: fileID });
    // An encrypted payload needs its key from its Manifest.db record; without a record it cannot be read.
    if (!keys) return stored;
    if (mbFile === undefined) return undefined;
    try {
      return decryptedPayload(stored, mbFile, keys, host.aesCbcDecryptor);
    } catch (err) {
      return unreadable(stored, err); // reported by whoever reads it, naming the file; the rest goes on
    }
  };

  async function* rows(sql: string, params: string[]): AsyncIterable<SourceFile> {
    const found = [...db.rows<{ fileID: string; domain: string; relativePath: string; file: Uint8Array | null }>(sql, params)];
    for (const r of found) {
      const f = await payload(String(r.fileID).toLowerCase(), r.domain, r.relativePath, r.file);
      if (f) yield f;
    }
  }

  async function* select(sel: Selector): AsyncIterable<SourceFile> {
    if (sel.from !== "ios-backup") return;
    if ("top" in sel) {
      const f = sel.top === "Manifest.db" ? manifestFile : await root.file(sel.top);
      if (f) yield f;
      return;
    }
    const base = `SELECT fileID, domain, relativePath${keys ? ", file" : ""} FROM Files WHERE (flags = 1 OR flags IS NULL)`;
    if (sel.domain !== undefined && sel.path !== undefined) {
      let any = false;
      for await (const f of rows(`${base} AND domain = ? AND relativePath = ?`, [sel.domain, sel.path])) {
        any = true;
        yield f;
      }
      // A payload may be present though Manifest.db has no row for it (MVT's LID.sqlite case).
      if (!any) {
        const f = await payload(await sha1Hex(`${sel.domain}-${sel.path}`), sel.domain, sel.path);
        if (f) yield f;
      }
      return;
    }
    const where: string[] = [];
    const params: string[] = [];
    if (sel.domain !== undefined) (where.push("domain = ?"), params.push(sel.domain));
    if (sel.domainLike !== undefined) (where.push("domain LIKE ?"), params.push(sel.domainLike.replaceAll("*", "%")));
    if (sel.path !== undefined) (where.push("relativePath = ?"), params.push(sel.path));
    if (sel.pathLike !== undefined) (where.push("relativePath LIKE ?"), params.push(sel.pathLike.replaceAll("*", "%")));
    if (!where.length) return;
    for await (const f of rows(`${base} AND ${where.join(" AND ")} ORDER BY domain, relativePath`, params)) {
      const name = f.meta!.relativePath!.split("/").pop() ?? "";
      if (sel.nameStartsWith === undefined || name.startsWith(sel.nameStartsWith)) yield f;
    }
  }

  return {
    kind: "ios-backup",
    root,
    device: { ...device, encrypted: keys !== undefined },
    ...(keys ? { keys } : {}),
    all: () => rows(`SELECT fileID, domain, relativePath${keys ? ", file" : ""} FROM Files WHERE flags = 1 ORDER BY domain, relativePath`, []),
    warnings,
    opened,
    ...(sub ? { foundIn: root.path } : {}),
    select,
    async sidecar(file, suffix) {
      const m = file.meta;
      if (!m?.domain || m.relativePath === undefined) {
        // Top-level files (Manifest.db) keep their sidecars beside them.
        const top = await root.file(file.path + suffix);
        return top && top.size > 0 ? top : undefined;
      }
      for await (const f of select({ from: "ios-backup", domain: m.domain, path: m.relativePath + suffix })) {
        if (f.size > 0) return f;
      }
      return undefined;
    },
    close: () => db.close(),
  };
}

/** A file that fails when read, with the reason it could not be opened. */
function unreadable(f: SourceFile, err: unknown): SourceFile {
  const fail = () => {
    throw err;
  };
  const meta = f.meta ? { meta: f.meta } : {};
  return { path: f.path, size: f.size, ...meta, evidence: f, bytes: async () => fail(), slice: async () => fail(), stream: () => new ReadableStream({ start: (c) => c.error(err) }) };
}

function withMeta(f: SourceFile, meta: SourceFile["meta"]): SourceFile {
  return { ...f, meta };
}

async function readPlistFile(root: SourceDir, name: string, warnings: string[]): Promise<unknown> {
  const f = await root.file(name);
  if (!f) return undefined;
  try {
    return await readWholePlist(f, f.path);
  } catch (err) {
    warnings.push(`${name} could not be read (${describeError(err)}); device details are missing`);
    return undefined;
  }
}
