/**
 * Writes realistic iTunes/Finder backups in code: Manifest.db (Files + Properties), hashed xx/<fileID> payloads,
 * Info.plist, optional Manifest.plist. Used by tests, the demo and the benchmark.
 */
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPlist, nsKeyedArchive, xmlPlist } from "./plist-writer.ts";

export type Db = Database.Database;

export const fileIdOf = (domain: string, relativePath: string) => createHash("sha1").update(`${domain}-${relativePath}`).digest("hex");

/** Seconds since 1970 of a UTC date text such as "2021-09-29 08:56:46". */
export const unix = (text: string) => Date.parse(text.replace(" ", "T") + "Z") / 1000;
/** Seconds since 2001-01-01 (Apple absolute time). */
export const appleTime = (text: string) => unix(text) - 978307200;

export const DEFAULT_INFO = {
  "Build Version": "20H240",
  "Device Name": "Test iPhone",
  "Display Name": "Test iPhone",
  GUID: "0123456789ABCDEF0123456789ABCDEF",
  ICCID: "89000000000000000000",
  IMEI: "350000000000000",
  "Installed Applications": ["com.apple.mobilesafari", "net.whatsapp.WhatsApp"],
  "Last Backup Date": new Date("2024-03-01T10:00:00Z"),
  "Product Name": "iPhone 12",
  "Product Type": "iPhone13,2",
  "Product Version": "16.7.8",
  "Serial Number": "F00000000000",
  "Target Identifier": "00008101-000000000000001E",
  "Target Type": "Device",
  "Unique Identifier": "00008101-000000000000001E",
  "iTunes Version": "12.13.1.3",
} as const;

interface Entry {
  domain: string;
  relativePath: string;
  flags: number;
  mtime: number;
}

export class IosBackupBuilder {
  private readonly entries: Entry[] = [];
  private infoPlist: Record<string, unknown> | undefined = { ...DEFAULT_INFO };
  private manifestPlist: Record<string, unknown> | undefined;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Replaces (or with `undefined`, omits) Info.plist keys. */
  info(values: Record<string, unknown> | undefined, replace = false): this {
    this.infoPlist = values === undefined ? undefined : replace ? values : { ...this.infoPlist, ...values };
    return this;
  }

  manifest(values: Record<string, unknown>): this {
    this.manifestPlist = values;
    return this;
  }

  /** Path of the payload for domain + path (so tests can corrupt it). */
  pathOf(domain: string, relativePath: string): string {
    const id = fileIdOf(domain, relativePath);
    return join(this.dir, id.slice(0, 2), id);
  }

  /** Adds a payload file (and its Manifest row unless `listed` is false). */
  file(domain: string, relativePath: string, data: Uint8Array | string, opts: { listed?: boolean; mtime?: number } = {}): string {
    const path = this.pathOf(domain, relativePath);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, data);
    if (opts.listed !== false) this.entries.push({ domain, relativePath, flags: 1, mtime: opts.mtime ?? unix("2024-02-01 12:00:00") });
    return path;
  }

  /** A Manifest row with no payload (directories, files the backup left out). */
  row(domain: string, relativePath: string, flags = 2, mtime = unix("2024-02-01 12:00:00")): this {
    this.entries.push({ domain, relativePath, flags, mtime });
    return this;
  }

  /** Adds a SQLite payload built by `fill`; returns the payload's path. */
  sqlite(domain: string, relativePath: string, fill: (db: Db) => void, opts: { listed?: boolean; wal?: boolean } = {}): string {
    const path = this.pathOf(domain, relativePath);
    mkdirSync(join(path, ".."), { recursive: true });
    const db = new Database(path);
    if (opts.wal) db.pragma("journal_mode = WAL");
    fill(db);
    db.close();
    if (opts.listed !== false) this.entries.push({ domain, relativePath, flags: 1, mtime: unix("2024-02-01 12:00:00") });
    return path;
  }

  plist(domain: string, relativePath: string, value: unknown, format: "binary" | "xml" = "binary"): string {
    return this.file(domain, relativePath, format === "binary" ? binaryPlist(value as never) : xmlPlist(value as never));
  }

  /** Writes Manifest.db, Info.plist and Manifest.plist; returns the backup folder. */
  finish(): string {
    if (this.infoPlist) writeFileSync(join(this.dir, "Info.plist"), xmlPlist(this.infoPlist as never));
    if (this.manifestPlist) writeFileSync(join(this.dir, "Manifest.plist"), binaryPlist(this.manifestPlist as never));
    const db = new Database(join(this.dir, "Manifest.db"));
    db.exec(`CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);
      CREATE INDEX FilesDomainIdx ON Files(domain); CREATE INDEX FilesRelativePathIdx ON Files(relativePath);
      CREATE INDEX FilesFlagsIdx ON Files(flags); CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB);`);
    const insert = db.prepare("INSERT OR REPLACE INTO Files VALUES (?, ?, ?, ?, ?)");
    db.transaction(() => {
      for (const e of this.entries) {
        const meta = binaryPlist(
          nsKeyedArchive({
            $class: "MBFile",
            RelativePath: e.relativePath,
            Birth: e.mtime - 3600,
            LastModified: e.mtime,
            LastStatusChange: e.mtime,
            Mode: e.flags === 2 ? 0o40755 : e.flags === 4 ? 0o120755 : 0o100644,
            UserID: 501,
            GroupID: 501,
            Size: 0,
            InodeNumber: 1,
            Flags: 0,
            ProtectionClass: 3,
          } as never),
        );
        insert.run(fileIdOf(e.domain, e.relativePath), e.domain, e.relativePath, e.flags, meta);
      }
    })();
    db.close();
    return this.dir;
  }
}
