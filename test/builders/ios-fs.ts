/**
 * Writes iOS full-filesystem dumps in code: a tree under `private/var` with the databases and plists the check-fs
 * modules read (sms.db, DataUsage.sqlite, TCC.db, Safari History.db, .GlobalPreferences.plist, iTunesMetadata.plist
 * of installed apps), system binaries under `usr/`, and files under `private/var/db` and `private/var/tmp`; then the
 * same tree as a folder, a tar, a zip or a tar.gz. `spyware: true` plants Pegasus traces from the bundled Amnesty
 * indicators (data/indicators/amnesty/pegasus.stix2). Used by the check-fs tests, the sysdiagnose/fs-only module tests
 * and the benchmark (`writeTarFile` streams, so a dump of 10^6 files never sits in memory).
 */
import Database from "better-sqlite3";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildTar, buildZip, type TarMemberSpec, type ZipMemberSpec } from "./android.ts";
import { appleTime, unix, type Db } from "./ios-backup.ts";
import { buildDataUsageDb, type UsageProcess } from "./ios/datausage.ts";
import { buildSafariHistoryDb } from "./ios/safari-history.ts";
import { buildSmsDb } from "./ios/sms.ts";
import { xmlPlist, binaryPlist } from "./plist-writer.ts";

/** Default modification time of everything written (UTC). */
export const DUMP_TIME = unix("2024-02-01 12:00:00");

/** Traces planted by `standardDump({ spyware: true })`, each an indicator of the bundled Pegasus set. */
export const PLANTED = {
  /** file:name indicator, planted under private/var/db. */
  fileName: "roleaccountd.plist",
  filePath: "private/var/db/com.apple.xpc.roleaccountd.staging/roleaccountd.plist",
  /** process:name indicator: a DataUsage process (CRITICAL) and a folder name (Filesystem, HIGH). */
  process: "fservernetd",
  /** domain-name indicator, as an SMS link. */
  domain: "weather4free.com",
} as const;

export class IosFsBuilder {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  path(rel: string): string {
    return join(this.dir, rel);
  }

  file(rel: string, data: Uint8Array | string = "", mtime = DUMP_TIME): string {
    const p = this.path(rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, data);
    utimesSync(p, mtime, mtime);
    return p;
  }

  folder(rel: string): string {
    const p = this.path(rel);
    mkdirSync(p, { recursive: true });
    return p;
  }

  sqlite(rel: string, fill: (db: Db) => void): string {
    const p = this.path(rel);
    mkdirSync(dirname(p), { recursive: true });
    const db = new Database(p);
    fill(db);
    db.close();
    utimesSync(p, DUMP_TIME, DUMP_TIME);
    return p;
  }

  plist(rel: string, value: unknown, format: "binary" | "xml" = "binary"): string {
    return this.file(rel, format === "binary" ? binaryPlist(value as never) : xmlPlist(value as never));
  }

  /** Sets every folder's time to DUMP_TIME (writing into a folder changes it), so records are reproducible. */
  finish(): string {
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
      utimesSync(d, DUMP_TIME, DUMP_TIME);
    };
    walk(this.dir);
    return this.dir;
  }
}

/** TCC.db, iOS 14+ schema (table access with auth_value / auth_reason). */
export function buildTccDb(db: Db, rows: readonly { service: string; client: string; authValue: number; modified: string }[]): void {
  db.exec(`CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL, client_type INTEGER NOT NULL, auth_value INTEGER NOT NULL,
    auth_reason INTEGER NOT NULL, auth_version INTEGER NOT NULL, csreq BLOB, policy_id INTEGER, indirect_object_identifier_type INTEGER,
    indirect_object_identifier TEXT NOT NULL DEFAULT 'UNUSED', indirect_object_code_identity BLOB, flags INTEGER, last_modified INTEGER NOT NULL DEFAULT (CAST(strftime('%s','now') AS INTEGER)),
    PRIMARY KEY (service, client, client_type, indirect_object_identifier));`);
  const ins = db.prepare("INSERT INTO access (service, client, client_type, auth_value, auth_reason, auth_version, last_modified) VALUES (?, ?, 0, ?, 2, 1, ?)");
  for (const r of rows) ins.run(r.service, r.client, r.authValue, unix(r.modified));
}

export interface StandardDumpOptions {
  /** Plant Pegasus traces (see PLANTED). */
  readonly spyware?: boolean;
  /** SystemVersion.plist's ProductVersion / ProductBuildVersion (default 27.2, 25C56: no exploited-version finding). */
  readonly version?: string;
  readonly build?: string;
  /** Extra filler files under private/var/mobile/Media (a larger tree). */
  readonly filler?: number;
}

/** A small but realistic dump: what a forensic extraction of an iPhone on iOS 16 holds, where the modules look. */
export function standardDump(dir: string, o: StandardDumpOptions = {}): string {
  const b = new IosFsBuilder(dir);
  const processes: UsageProcess[] = [
    { pk: 1, name: "mDNSResponder", first: "2024-01-10 08:00:00", last: "2024-01-31 20:00:00" },
    { pk: 2, name: "MobileSafari", bundle: "com.apple.mobilesafari", first: "2024-01-10 08:01:00" },
    { pk: 3, name: "WhatsApp", bundle: "net.whatsapp.WhatsApp", first: "2024-01-11 09:00:00" },
    { pk: 4, name: "nsurlsessiond", first: "2024-01-10 08:00:05" },
  ];
  if (o.spyware) processes.push({ pk: 5, name: PLANTED.process, first: "2024-01-20 03:12:00" });
  b.sqlite("private/var/wireless/Library/Databases/DataUsage.sqlite", (db) =>
    buildDataUsageDb(db, processes, processes.map((p, i) => ({ pk: i + 1, proc: p.pk, time: p.first, wwanIn: 1024 * (i + 1), wwanOut: 512 }))),
  );
  // The binaries of the processes without a bundle id (Datausage's fs check looks for them by name).
  for (const bin of ["usr/sbin/mDNSResponder", "usr/libexec/nsurlsessiond", "usr/libexec/backboardd", "usr/sbin/wifid"]) b.file(bin, "\xcf\xfa\xed\xfe");
  b.sqlite("private/var/mobile/Library/SMS/sms.db", (db) =>
    buildSmsDb(db, [
      { text: "See you at 8", handle: "+15555550101", date: "2024-01-15 18:00:00" },
      { text: "Your parcel: https://tracking.example.com/p/123", handle: "+15555550102", date: "2024-01-16 10:00:00" },
      ...(o.spyware ? [{ text: `Breaking news https://${PLANTED.domain}/story/8812`, handle: "+15555550199", date: "2024-01-20 03:10:00" }] : []),
    ]),
  );
  b.sqlite("private/var/mobile/Library/TCC/TCC.db", (db) =>
    buildTccDb(db, [
      { service: "kTCCServiceCamera", client: "net.whatsapp.WhatsApp", authValue: 2, modified: "2024-01-11 09:05:00" },
      { service: "kTCCServiceMicrophone", client: "net.whatsapp.WhatsApp", authValue: 2, modified: "2024-01-11 09:05:10" },
    ]),
  );
  b.sqlite("private/var/mobile/Library/Safari/History.db", (db) =>
    buildSafariHistoryDb(db, [
      { url: "https://www.example.org/", time: appleTime("2024-01-12 10:00:00") },
      { url: "https://news.example.net/today", time: appleTime("2024-01-13 11:00:00") },
    ]),
  );
  b.plist("System/Library/CoreServices/SystemVersion.plist", { ProductBuildVersion: o.build ?? "25C56", ProductName: "iPhone OS", ProductVersion: o.version ?? "27.2" }, "xml");
  b.plist("private/var/mobile/Library/Preferences/.GlobalPreferences.plist", { AppleLanguages: ["en-US"], AppleLocale: "en_US" });
  const app = "private/var/containers/Bundle/Application/5B0E6F3C-2B8E-4A8F-9C1D-0F6A3E2B7C11";
  b.plist(`${app}/iTunesMetadata.plist`, {
    softwareVersionBundleId: "net.whatsapp.WhatsApp", bundleShortVersionString: "26.40.75", itemName: "WhatsApp Messenger", artistName: "WhatsApp Inc.", sourceApp: "com.apple.AppStore",
    "com.apple.iTunesStore.downloadInfo": { purchaseDate: "2024-01-11T09:00:00Z" },
  }, "xml");
  b.file(`${app}/WhatsApp.app/WhatsApp`, "\xcf\xfa\xed\xfe");
  b.file("private/var/db/diagnostics/shutdown.log", "After 0.00s, these clients are still here:\n\t\tremaining client pid: 143 (/usr/libexec/backboardd)\nSIGTERM: [1706700000]\n");
  b.file("private/var/db/uuidtext/3A/1F2C9E0B8D7A4B3C9E0F1A2B3C4D5E", "uuidtext");
  b.file("private/var/tmp/com.apple.mobilesafari/cache.tmp", "tmp");
  b.file("private/var/mobile/Media/DCIM/100APPLE/IMG_0001.HEIC", "heic");
  b.folder("private/var/mobile/Library/Caches");
  for (let i = 0; i < (o.filler ?? 0); i++) b.file(`private/var/mobile/Media/Filler/${Math.floor(i / 1000)}/f${i}.dat`, "x");
  if (o.spyware) {
    b.file(PLANTED.filePath, xmlPlist({ Label: "com.apple.xpc.roleaccountd" } as never));
    b.file(`private/var/db/com.apple.xpc.roleaccountd.staging/${PLANTED.process}/payload`, "\xcf\xfa\xed\xfe");
  }
  return b.finish();
}

interface TreeEntry {
  rel: string;
  kind: "file" | "dir";
  mtime: number;
}

/** Every folder and file under `dir`, parents first, sorted (relative "/"-paths). */
function* tree(dir: string, rel = ""): Generator<TreeEntry> {
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = statSync(join(dir, r));
    yield { rel: r, kind: st.isDirectory() ? "dir" : "file", mtime: Math.floor(st.mtimeMs / 1000) };
    if (st.isDirectory()) yield* tree(dir, r);
  }
}

/** The tree's members under an optional wrapper folder (`dump/private/var/…`). */
function members(dir: string, wrapper: string): TreeEntry[] {
  const pre = wrapper ? `${wrapper}/` : "";
  return [...(wrapper ? [{ rel: wrapper, kind: "dir" as const, mtime: DUMP_TIME }] : []), ...[...tree(dir)].map((e) => ({ ...e, rel: pre + e.rel }))];
}

/** The dump as a tar in memory (small dumps; `extra` members appended as given, e.g. hostile ones). */
export function dumpTar(dir: string, o: { wrapper?: string; extra?: readonly TarMemberSpec[]; endBlocks?: boolean } = {}): Buffer {
  const pre = o.wrapper ? o.wrapper.length + 1 : 0;
  const specs: TarMemberSpec[] = members(dir, o.wrapper ?? "").map((e) =>
    e.kind === "dir" ? { name: `${e.rel}/`, type: "dir", mtime: e.mtime } : { name: e.rel, data: readFileSync(join(dir, e.rel.slice(pre))), mtime: e.mtime },
  );
  return buildTar([...specs, ...(o.extra ?? [])], o.endBlocks === false ? { endBlocks: false } : {});
}

export function dumpTarGz(dir: string, o: { wrapper?: string } = {}): Buffer {
  return gzipSync(dumpTar(dir, o));
}

export function dumpZip(dir: string, o: { wrapper?: string; extra?: readonly ZipMemberSpec[] } = {}): Buffer {
  const pre = o.wrapper ? o.wrapper.length + 1 : 0;
  const specs: ZipMemberSpec[] = members(dir, o.wrapper ?? "").map((e) =>
    e.kind === "dir" ? { name: `${e.rel}/`, mtime: new Date(e.mtime * 1000) } : { name: e.rel, data: readFileSync(join(dir, e.rel.slice(pre))), mtime: new Date(e.mtime * 1000) },
  );
  return buildZip([...specs, ...(o.extra ?? [])]);
}

/** Writes the dump as a tar file one member at a time (dumps of 10^6 files: memory stays flat). */
export function writeTarFile(dir: string, out: string): void {
  const fd = openSync(out, "w");
  try {
    for (const e of tree(dir)) {
      const spec: TarMemberSpec = e.kind === "dir" ? { name: `${e.rel}/`, type: "dir", mtime: e.mtime } : { name: e.rel, data: readFileSync(join(dir, e.rel)), mtime: e.mtime };
      writeSync(fd, buildTar([spec], { endBlocks: false }));
    }
    writeSync(fd, Buffer.alloc(1024));
  } finally {
    closeSync(fd);
  }
}
