/**
 * One suite, two hosts (issue 11, item 6): the cases on MVT's test evidence that the CLI (Node host: native SQLite,
 * files on disk, threads) and the browser worker (SQLite in WebAssembly over Blobs, results in memory) must answer
 * the same; and what of a results folder is compared. EXPECTED.md's figures pin a few counts so that two hosts
 * agreeing on nothing cannot pass.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { Encrypter, generateIdentity, identityToRecipient } from "age-encryption";
import { join } from "node:path";
import { SHARED } from "./helpers/run-module.ts";
import { testBundle } from "./helpers/indicators.ts";
import { encryptBackup } from "./builders/ios-backup-encrypted.ts";
import { buildZip } from "./builders/android.ts";
import { dumpTar, standardDump } from "./builders/ios-fs.ts";
import { SysdiagnoseBuilder } from "./builders/sysdiagnose.ts";

const MVT = SHARED + "peer-artifacts/mvt/";

export interface HostCase {
  readonly name: string;
  /** The evidence: a folder (picked as a folder in the page) or a file. */
  readonly evidence: { kind: "folder" | "file"; path: string };
  readonly cli: string;
  /** The CLI's options for the password the page gives as text (`password.text`). */
  readonly cliArgs?: readonly string[];
  readonly password?: { readonly what: "backup" | "age"; readonly text: string };
  /** Records per module (MVT's JSON file name without .json) that EXPECTED.md gives; both hosts must have them. */
  readonly expected: Record<string, number>;
  readonly exit: number;
}

/** MVT's test.stix2 with the indicators EXPECTED.md's detection tests append (one bundle for every case). */
export function writeTestIndicators(dir: string): string {
  const path = join(dir, "test.stix2");
  writeFileSync(path, testBundle(["process:name", "CumulativeUsageTracker"], ["domain-name:value", "badbadbad.example.org"], ["file:name", "com.apple.CoreBrightness.plist"], ["email-addr:value", "user@example.org"], ["app:id", "com.malware.blah"]));
  return path;
}

const IOS = { manifest: 3721, sms: 1, tcc: 11, datausage: 42, calendar: 1, whatsapp_contacts: 2, safari_browser_state: 1 };
const ANDROIDQF = { aqf_packages: 7, aqf_processes: 15, aqf_get_prop: 10, aqf_files: 3, root_binaries: 4, sms: 2 };

/** The cases; `dir` receives the generated ones (MVT's backup encrypted as iOS does, its androidqf folder age-encrypted). */
export async function hostCases(dir: string): Promise<HostCase[]> {
  const password = "correct horse battery staple 42";
  const plain = join(dir, "plain-backup");
  cpSync(MVT + "ios_backup", plain, { recursive: true });
  const db = new Database(join(plain, "Manifest.db")); // the builder reads it read-only: out of WAL mode first
  db.pragma("journal_mode = DELETE");
  db.close();
  const encrypted = join(dir, "encrypted_backup");
  encryptBackup(plain, encrypted, password);
  const identity = await generateIdentity();
  const e = new Encrypter();
  e.addRecipient(await identityToRecipient(identity));
  const age = join(dir, "acquisition.zip.age");
  writeFileSync(age, await e.encrypt(buildZip(readdirSync(MVT + "androidqf").map((name) => ({ name: `acq/${name}`, data: readFileSync(join(MVT, "androidqf", name)) })))));
  const key = join(dir, "key.txt");
  writeFileSync(key, `# created: 2026-11-25\n${identity}\n`);
  // The inputs that came after the worker: a filesystem dump (as a tar: file times from its headers, the same on
  // both hosts) with planted traces, and a sysdiagnose whose shutdown.log holds a process under /private/var/db/.
  const dump = join(dir, "dump.tar");
  writeFileSync(dump, dumpTar(standardDump(join(dir, "dump"), { spyware: true })));
  const pegasus = "/private/var/db/com.apple.xpc.roleaccountd.staging/bh";
  const sysdiagnose = new SysdiagnoseBuilder()
    .basics("16.6.1", "20G81", "iPhone14,2")
    .shutdownLog([{ at: 1705300000, blocks: [{ after: 0.04, clients: [[61, "/usr/libexec/backboardd"], [977, pegasus]] }] }])
    .ps([{ pid: 1, ppid: 0, command: "/sbin/launchd" }, { pid: 977, command: pegasus }])
    .writeTarGz(dir);
  return [
    { name: "iOS backup", evidence: { kind: "folder", path: MVT + "ios_backup" }, cli: "check-backup", expected: IOS, exit: 10 },
    { name: "encrypted iOS backup", evidence: { kind: "folder", path: encrypted }, cli: "check-backup", cliArgs: ["--password", password], password: { what: "backup", text: password }, expected: IOS, exit: 10 },
    { name: "androidqf folder", evidence: { kind: "folder", path: MVT + "androidqf" }, cli: "check-androidqf", expected: ANDROIDQF, exit: 10 },
    { name: "androidqf zip", evidence: { kind: "file", path: MVT + "androidqf.zip" }, cli: "check-androidqf", expected: { aqf_get_prop: 10 }, exit: 0 },
    { name: "age-encrypted androidqf zip", evidence: { kind: "file", path: age }, cli: "check-androidqf", cliArgs: ["--age-identity", key], password: { what: "age", text: readFileSync(key, "utf8") }, expected: ANDROIDQF, exit: 10 },
    { name: "androidqf with an encrypted backup.ab", evidence: { kind: "folder", path: MVT + "androidqf_encrypted" }, cli: "check-androidqf", cliArgs: ["--backup-password", "123456"], password: { what: "backup", text: "123456" }, expected: { sms: 1 }, exit: 0 },
    { name: "Android backup (.ab)", evidence: { kind: "file", path: MVT + "android_backup/backup.ab" }, cli: "check-android-backup", expected: { sms: 2 }, exit: 0 },
    { name: "bugreport folder", evidence: { kind: "folder", path: MVT + "android_data/bugreport" }, cli: "check-bugreport", expected: {}, exit: 0 },
    { name: "iOS filesystem dump (tar)", evidence: { kind: "file", path: dump }, cli: "check-fs", expected: {}, exit: 10 },
    { name: "sysdiagnose (tar.gz)", evidence: { kind: "file", path: sysdiagnose }, cli: "check-sysdiagnose", expected: { shutdown_log: 2 }, exit: 11 },
  ];
}

/** Files whose content names the host, the paths or the time of the run: compared by what they say, not bytes. */
export const HOST_SPECIFIC = new Set(["info.json", "command.log", "report.html"]);

export interface HostSummary {
  /** Per module: records, timeline rows, alerts, warnings (info.json). */
  readonly modules: Record<string, { records: number; timeline: number; alerts: number; warnings: number }>;
  /** Every alert: level, module, message and the indicator it matched. */
  readonly alerts: string[];
  /** The results files, each as its bytes' SHA-256 (host-specific files: only present). */
  readonly files: Record<string, string>;
  readonly outcome: string;
}

/** What two hosts must agree on, from a results folder's files (name → bytes). */
export async function summarise(files: ReadonlyMap<string, Uint8Array>): Promise<HostSummary> {
  const text = (n: string) => new TextDecoder().decode(files.get(n) ?? new Uint8Array());
  const info = JSON.parse(text("info.json")) as { modules: { module: string; records: number; timeline: number; alerts: number; warnings: number }[] };
  const alerts = files.has("alerts.json") ? (JSON.parse(text("alerts.json")) as { level: string; module: string; message: string; matched_indicator: unknown }[]) : [];
  const digest = async (b: Uint8Array) => Buffer.from(await crypto.subtle.digest("SHA-256", b as Uint8Array<ArrayBuffer>)).toString("hex");
  const out: Record<string, string> = {};
  for (const [n, b] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) out[n] = HOST_SPECIFIC.has(n) ? "(host-specific)" : await digest(b);
  return {
    modules: Object.fromEntries(info.modules.map((m) => [m.module, { records: m.records, timeline: m.timeline, alerts: m.alerts, warnings: m.warnings }])),
    alerts: alerts.map((a) => `${a.level} ${a.module}: ${a.message} ${JSON.stringify(a.matched_indicator)}`),
    files: out,
    outcome: (JSON.parse(text("verdict.json")) as { outcome: string }).outcome,
  };
}
