/**
 * The seed evidence of every input kind the CLI reads, from MVT's public test evidence and test/builders, as entry
 * lists (fuzz/entries.ts), and how each kind is checked: command, layout on disk, password.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { encryptBackup } from "../test/builders/ios-backup-encrypted.ts";
import { mixedLines } from "../test/builders/android-logs.ts";
import { readTree, writeTree, type Entry } from "./entries.ts";

export const MVT = new URL("../../shared/peer-artifacts/mvt/", import.meta.url).pathname;
export const IOS_PASSWORD = "fuzz-backup-password";
export const AB_PASSWORD = "123456";

export interface Kind {
  id: string;
  command: string;
  /** How the entries reach the disk: a folder, a zip file, or an Android backup file. */
  layout: "dir" | "zip" | "ab";
  entries: Entry[];
  env?: Record<string, string>;
}

const text = (name: string, s: string): Entry => ({ name: Buffer.from(name), type: "file", data: Buffer.from(s) });
/** MVT's files are read-only; copies made from them are not, so the seeds can be mutated. */
const mvt = (dir: string) => readTree(join(MVT, dir));

function encryptedIosBackup(): Entry[] {
  const dir = mkdtempSync(join(tmpdir(), "spyglass-fuzz-seed-"));
  try {
    // A copy whose Manifest.db is out of WAL mode, as the encrypted-backup test makes it: the builder's in-memory
    // copy of a WAL database cannot be opened.
    writeTree(Buffer.from(join(dir, "plain")), mvt("ios_backup"));
    const db = new Database(join(dir, "plain", "Manifest.db"));
    db.pragma("journal_mode = DELETE");
    db.close();
    encryptBackup(join(dir, "plain"), join(dir, "enc"), IOS_PASSWORD);
    return readTree(join(dir, "enc"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Android 16 intrusion logs: two days of NDJSON (dns, connect, security events), as test/builders writes them. */
function intrusionLogs(): Entry[] {
  const lines = mixedLines();
  const dns = (i: number) => JSON.stringify({ dns_event: { event_time: 1_700_000_000_000 + i * 1000, hostname: `host${i}.example.org`, package_name: "com.example.app", ip_addresses: [`/10.0.0.${i % 250}`] } });
  return [text("2025-06-01.txt", lines.join("\n") + "\n"), text("2025-06-02.txt", Array.from({ length: 200 }, (_, i) => dns(i)).join("\n") + "\n")];
}

/** Every kind, built once per fuzz run. */
export function kinds(): Kind[] {
  const androidqf = mvt("androidqf");
  return [
    { id: "ios-backup", command: "check-backup", layout: "dir", entries: mvt("ios_backup") },
    { id: "ios-backup-encrypted", command: "check-backup", layout: "dir", entries: encryptedIosBackup(), env: { SPYGLASS_BACKUP_PASSWORD: IOS_PASSWORD } },
    { id: "androidqf-folder", command: "check-androidqf", layout: "dir", entries: androidqf },
    { id: "androidqf-zip", command: "check-androidqf", layout: "zip", entries: androidqf },
    { id: "bugreport-zip", command: "check-bugreport", layout: "zip", entries: mvt("android_data/bugreport") },
    { id: "android-backup", command: "check-android-backup", layout: "ab", entries: mvt("android_backup/apps").map((e) => ({ ...e, name: Buffer.concat([Buffer.from("apps/"), e.name]) })), env: { SPYGLASS_ANDROID_BACKUP_PASSWORD: AB_PASSWORD } },
    { id: "intrusion-logs", command: "check-intrusion-logs", layout: "dir", entries: intrusionLogs() },
  ];
}

/** A small valid SQLite database: what a mutation puts where JSON or text is expected. */
export function sqliteBytes(): Buffer {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('x');");
  const b = db.serialize();
  db.close();
  return b;
}
