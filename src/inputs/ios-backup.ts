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
import { parsePlist } from "../formats/plist.ts";
import { readBackupInfo } from "./ios-backup-info.ts";

const FILE_ID = /^[0-9a-f]{40}$/;

export interface IosBackup extends Acquisition {
  /** Problems that did not stop the run (unreadable Info.plist…), one line each. */
  readonly warnings: readonly string[];
  /** Set when the backup was found in a subfolder of the given folder. */
  readonly foundIn?: string;
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

export async function openIosBackup(given: SourceDir, host: Host): Promise<IosBackup> {
  const { dir: root, sub } = await locateBackup(given);
  const warnings: string[] = [];
  const manifestPlist = await readPlistFile(root, "Manifest.plist", warnings);
  if (manifestPlist && (manifestPlist as Record<string, unknown>)["IsEncrypted"] === true) {
    throw new SpyglassError("E_ENCRYPTED", `this backup is encrypted; decrypt it first or check it with its password (${root.path})`, { file: root.path });
  }
  const manifestFile = (await root.file("Manifest.db"))!;
  let db: SqliteDb;
  try {
    const wal = await root.file("Manifest.db-wal");
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

  const payload = async (fileID: string, domain: string, relativePath: string): Promise<SourceFile | undefined> => {
    if (!FILE_ID.test(fileID)) return undefined; // a hostile id must not name a path outside the backup
    const f = await root.file(`${fileID.slice(0, 2)}/${fileID}`);
    return f && withMeta(f, { domain, relativePath, fileId: fileID });
  };

  async function* rows(sql: string, params: string[]): AsyncIterable<SourceFile> {
    const found = [...db.rows<{ fileID: string; domain: string; relativePath: string }>(sql, params)];
    for (const r of found) {
      const f = await payload(String(r.fileID).toLowerCase(), r.domain, r.relativePath);
      if (f) yield f;
    }
  }

  async function* select(sel: Selector): AsyncIterable<SourceFile> {
    if (sel.from !== "ios-backup") return;
    if ("top" in sel) {
      const f = await root.file(sel.top);
      if (f) yield f;
      return;
    }
    const base = "SELECT fileID, domain, relativePath FROM Files WHERE (flags = 1 OR flags IS NULL)";
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
    device,
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

function withMeta(f: SourceFile, meta: SourceFile["meta"]): SourceFile {
  return { ...f, meta };
}

async function readPlistFile(root: SourceDir, name: string, warnings: string[]): Promise<unknown> {
  const f = await root.file(name);
  if (!f) return undefined;
  try {
    return parsePlist(await f.bytes(64 * 1024 * 1024), { file: f.path });
  } catch (err) {
    warnings.push(`${name} could not be read (${describeError(err)}); device details are missing`);
    return undefined;
  }
}
