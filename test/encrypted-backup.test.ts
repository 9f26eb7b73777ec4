/**
 * Encrypted backups end to end: MVT's test backup encrypted as iOS does, checked directly with the password,
 * through a saved key, and after decrypt-backup — always the same records and alerts as the plain backup.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spyglass, hashTree, copyTree } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { MVT_BACKUP } from "./helpers/run-module.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";
import { encryptBackup } from "./builders/ios-backup-encrypted.ts";
import { fileIdOf } from "./builders/ios-backup.ts";

const PASSWORD = "correct horse battery staple 42";
const LID = ["AppDomainGroup-group.net.whatsapp.WhatsApp.shared", "LID.sqlite"] as const;

/** MVT's backup with the Manifest row real backups have for LID.sqlite, then encrypted. */
function fixtures() {
  const plain = copyTree(MVT_BACKUP, join(tempDir(), "plain"));
  for (const side of ["-wal", "-shm"]) rmSync(join(plain, "Manifest.db" + side), { force: true });
  const db = new Database(join(plain, "Manifest.db"));
  db.pragma("journal_mode = DELETE");
  db.prepare("INSERT INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, ?, ?, 1, NULL)").run(fileIdOf(...LID), ...LID);
  db.close();
  const enc = join(tempDir(), "encrypted");
  encryptBackup(plain, enc, PASSWORD);
  return { plain, enc };
}
const { plain, enc } = fixtures();

const results = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      // info.json and verdict.json name the device as encrypted; manifest.json holds the per-file keys' metadata.
      .filter((f) => f.endsWith(".json") && !["info.json", "verdict.json", "manifest.json"].includes(f))
      .map((f) => [f, readFileSync(join(dir, f), "utf8")]),
  );

test("check-backup on the encrypted backup = the plain backup (every module), evidence unchanged, password nowhere", () => {
  const before = hashTree(enc);
  const outPlain = join(tempDir(), "p");
  const outEnc = join(tempDir(), "e");
  assert.equal(spyglass(["check-backup", plain, "-o", outPlain, "--iocs", TEST_STIX2]).code, 10);
  const r = spyglass(["check-backup", enc, "-o", outEnc, "--iocs", TEST_STIX2], { SPYGLASS_BACKUP_PASSWORD: PASSWORD });
  assert.equal(r.code, 10, r.stderr);
  assert.deepEqual(hashTree(enc), before, "no evidence file changed or appeared");
  const a = results(outPlain);
  const b = results(outEnc);
  assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
  for (const f of Object.keys(a)) assert.equal(b[f], a[f], `${f} differs`);
  assert.equal(JSON.parse(readFileSync(join(outEnc, "manifest.json"), "utf8")).length, 3722);
  assert.equal(JSON.parse(readFileSync(join(outEnc, "verdict.json"), "utf8")).outcome, JSON.parse(readFileSync(join(outPlain, "verdict.json"), "utf8")).outcome);
  assert.equal(readFileSync(join(outEnc, "timeline.csv"), "utf8"), readFileSync(join(outPlain, "timeline.csv"), "utf8"));
  const info = JSON.parse(readFileSync(join(outEnc, "info.json"), "utf8"));
  assert.equal(info.device.encrypted, true);
  const manifestHash = info.hashes.find((h: { file_path: string }) => h.file_path.endsWith("Manifest.db"));
  assert.equal(manifestHash.sha256, hashTree(enc)["Manifest.db"], "info.json hashes the stored (encrypted) evidence");
  for (const [name, sha] of Object.entries(hashTree(outEnc))) {
    const text = readFileSync(join(outEnc, name), "utf8");
    assert.ok(!text.includes(PASSWORD), `password in ${name} (${sha})`);
  }
  assert.ok(!r.stdout.includes(PASSWORD) && !r.stderr.includes(PASSWORD));
});

test("wrong or missing password: one clear line, exit 1, password not echoed", () => {
  const t = Date.now();
  const wrong = spyglass(["check-backup", enc, "-o", join(tempDir(), "o"), "--password", "not the password"]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /wrong backup password/);
  assert.ok(!wrong.stderr.includes("not the password"));
  assert.equal(wrong.stderr.trim().split("\n").length, 1);
  assert.ok(Date.now() - t < 20_000);
  const none = spyglass(["check-backup", enc, "-o", join(tempDir(), "o")]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /encrypted: give its password/);
});

test("decrypt-backup writes a plain backup that checks the same; refuses a destination inside the source or not empty", () => {
  const dest = join(tempDir(), "decrypted");
  const r = spyglass(["decrypt-backup", enc, dest, "--json"], { SPYGLASS_BACKUP_PASSWORD: PASSWORD });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).failed.length, 0);
  for (const f of ["3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28", "64/64d0019cb3d46bfc8cce545a8ba54b93e7ea9347"]) {
    assert.deepEqual(readFileSync(join(dest, f)), readFileSync(join(plain, f)), `${f} decrypted byte for byte`);
  }
  const outDec = join(tempDir(), "d");
  const outPlain = join(tempDir(), "p");
  assert.equal(spyglass(["check-backup", dest, "-o", outDec, "--iocs", TEST_STIX2]).code, 10);
  assert.equal(spyglass(["check-backup", plain, "-o", outPlain, "--iocs", TEST_STIX2]).code, 10);
  const a = results(outPlain);
  const b = results(outDec);
  for (const f of Object.keys(a)) assert.equal(b[f], a[f], `${f} differs after decrypt-backup`);

  const insideSrc = spyglass(["decrypt-backup", enc, join(enc, "out")], { SPYGLASS_BACKUP_PASSWORD: PASSWORD });
  assert.equal(insideSrc.code, 2);
  assert.match(insideSrc.stderr, /is inside the evidence .*evidence is never written to/);
  const full = tempDir();
  writeFileSync(join(full, "x"), "x");
  const notEmpty = spyglass(["decrypt-backup", enc, full], { SPYGLASS_BACKUP_PASSWORD: PASSWORD });
  assert.equal(notEmpty.code, 2);
  assert.match(notEmpty.stderr, /not an empty folder/);
});

test("extract-key saves the derived key; --key-file then checks without the password", () => {
  const keyFile = join(tempDir(), "backup.key");
  const k = spyglass(["extract-key", enc, "-o", keyFile], { SPYGLASS_BACKUP_PASSWORD: PASSWORD });
  assert.equal(k.code, 0, k.stderr);
  assert.match(k.stderr, /as safe as the password/);
  const key = JSON.parse(readFileSync(join(keyFile), "utf8"));
  assert.match(key.passcode_key, /^[0-9a-f]{64}$/);
  const out = join(tempDir(), "o");
  const r = spyglass(["check-backup", enc, "-o", out, "--key-file", keyFile, "--no-indicators"]);
  assert.equal(r.code, 0, r.stderr); // MVT's backup without indicators: only "Update needed" (iOS 14.3)
  assert.equal(JSON.parse(readFileSync(join(out, "sms.json"), "utf8")).length, 1);
});

test("a corrupted encrypted file gives one warning naming it; the other modules still run", () => {
  const broken = copyTree(enc, join(tempDir(), "broken"));
  const sms = join(broken, "3d", "3d0d7e5fb2ce288813306e4d4636395e047a3d28");
  const bytes = readFileSync(sms);
  bytes[bytes.length - 20]! ^= 0xff; // breaks the padding of the last block
  writeFileSync(sms, bytes);
  const out = join(tempDir(), "o");
  mkdirSync(out);
  const r = spyglass(["check-backup", broken, "-o", out, "--no-indicators"], { SPYGLASS_BACKUP_PASSWORD: PASSWORD });
  assert.equal(r.code, 0, r.stderr);
  // sms.db (twice: SMS and SMSAttachments) and a Manifest row could not be read; the outdated-iOS warning is a note.
  assert.match(r.stdout, /- 3 parts of the evidence could not be read \(see the warnings\): they were not\s+checked\./);
  assert.match(r.stdout, /\n1 note about the evidence \(see the warnings\) that does not change the verdict\./);
  const info = JSON.parse(readFileSync(join(out, "info.json"), "utf8"));
  const w = info.warnings.filter((x: { module: string }) => x.module === "sms" || x.module === "sms_attachments");
  assert.ok(w.length >= 1 && w.every((x: { file: string }) => x.file.includes("Library/SMS/sms.db")), JSON.stringify(info.warnings));
  assert.equal(JSON.parse(readFileSync(join(out, "tcc.json"), "utf8")).length, 11);
});
