/** Tests for the .ab reader: MVT's three backups (EXPECTED §4 tar hashes), backups made with node:crypto/zlib, and bad input. */
import { caught as caughtError } from "../../test/helpers/errors.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { SpyglassError } from "../core/errors.ts";
import { memoryFile } from "../core/source.ts";
import type { SourceFile } from "../core/source.ts";
import { localFile } from "../node/fs-source.ts";
import { buildAb, buildTar } from "../../test/builders/android.ts";
import { javaCharBytes, openAndroidBackupFile, parseAbHeader } from "./android-backup.ts";
import { readTar } from "./tar.ts";

const AB = new URL("../../../shared/peer-artifacts/mvt/android_backup/", import.meta.url).pathname;
const PASSWORD = "123456"; // MVT's test password for backup2.ab (EXPECTED §4)
const errors: unknown[] = [];

async function collect(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of s as unknown as AsyncIterable<Uint8Array>) parts.push(c);
  return Buffer.concat(parts);
}


const tarOf = async (file: SourceFile, password?: string) => collect((await openAndroidBackupFile(file, password === undefined ? {} : { password: async () => password })).tar);

test("EXPECTED §4: headers and decoded tar sha256 of backup.ab, backup2.ab (password 123456), backup3.ab", async () => {
  const cases = [
    ["backup.ab", 1, true, "none", "ce1ac5009fea5187a9f546b51e1446ba450243ae91d31dc779233ec0937b5d18"],
    ["backup2.ab", 5, false, "AES-256", "f365ace1effbc4902c6aeba241ca61544f8a96ad456c1861808ea87b7dd03896"],
    ["backup3.ab", 5, true, "none", "33e73df2ede9798dcb3a85c06200ee41c8f52dd2f2e50ffafcceb0407bc13e3a"],
  ] as const;
  for (const [name, version, compressed, encryption, sha] of cases) {
    const file = localFile(AB + name, name);
    const ab = await openAndroidBackupFile(file, { password: async () => PASSWORD });
    assert.deepEqual([ab.version, ab.compressed, ab.encryption], [version, compressed, encryption], name);
    assert.equal(createHash("sha256").update(await collect(ab.tar)).digest("hex"), sha, name);
  }
  // The SMS/MMS members, in tar order (MVT: backup.ab → the MMS first).
  const names: string[] = [];
  for await (const e of readTar((await openAndroidBackupFile(localFile(AB + "backup.ab", "backup.ab"))).tar, { name: "backup.ab" })) if (e.type === "file") names.push(e.path);
  assert.deepEqual(names, ["apps/com.android.providers.telephony/d_f/000001_mms_backup", "apps/com.android.providers.telephony/d_f/000000_sms_backup"]);
});

test("parseAbHeader: as MVT's parse_ab_header (\"ANDROID BACKUP\\n\" alone is not a backup)", async () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.deepEqual(parseAbHeader(enc("ANDROID BACKUP\n")), { backup: false, compression: null, version: null, encryption: null });
  assert.deepEqual(parseAbHeader(enc("PK\x03\x04 not a backup\n\n\n\n")), { backup: false, compression: null, version: null, encryption: null });
  const real = await localFile(AB + "backup2.ab", "backup2.ab").slice(0, 512);
  assert.deepEqual(parseAbHeader(real), { backup: true, compression: false, version: 5, encryption: "AES-256" });
  assert.deepEqual(parseAbHeader(enc("ANDROID BACKUP\n1\n1\nnone\n")), { backup: true, compression: true, version: 1, encryption: "none" });
});

test("a cut encrypted header is \"Invalid encrypted backup header\", before any password is asked", async () => {
  let asked = 0;
  const file = memoryFile("cut.ab", new TextEncoder().encode("ANDROID BACKUP\n5\n0\nAES-256\ntruncated"));
  const err = await caught(openAndroidBackupFile(file, { password: async () => (asked++, "password") }));
  assert.equal(err.code, "E_CORRUPT");
  assert.equal(err.file, "cut.ab");
  assert.match(err.message, /Invalid encrypted backup header/);
  assert.equal(asked, 0);
  // Present but not hex: same message.
  const bad = memoryFile("bad.ab", new TextEncoder().encode("ANDROID BACKUP\n5\n0\nAES-256\nzz\nzz\n10000\nzz\nzz\ndata"));
  assert.match((await caught(openAndroidBackupFile(bad, { password: async () => "x" }))).message, /Invalid encrypted backup header/);
});

test("wrong password → E_BAD_PASSWORD quickly, never naming the password; no password → E_ENCRYPTED", async () => {
  const file = localFile(AB + "backup2.ab", "backup2.ab");
  const started = Date.now();
  const err = await caught(openAndroidBackupFile(file, { password: async () => "invalid_password" }));
  assert.equal(err.code, "E_BAD_PASSWORD");
  assert.equal(err.message, "wrong Android backup password");
  assert.equal(err.file, "backup2.ab");
  assert.ok(Date.now() - started < 10_000, "a hang guard: refused after the key check, before any data is decrypted");
  assert.equal((await caught(openAndroidBackupFile(file))).code, "E_ENCRYPTED");
});

test("backups made with node:crypto + zlib: every version/compression/encryption combination round-trips", async () => {
  const tar = buildTar([{ name: "apps/com.android.providers.telephony/d_f/000000_sms_backup", data: "x".repeat(3000) }, { name: "apps/x/_manifest", data: "m" }]);
  // A master key full of bytes ≥ 0x80 exercises Android's Java-char checksum quirk (format ≥ 2) and its absence (1).
  const highKey = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i * 3);
  const specs = [
    { version: 1, compressed: false },
    { version: 5, compressed: true },
    { version: 1, compressed: true, password: "pw" },
    { version: 2, compressed: false, password: "pw", masterKey: highKey },
    { version: 5, compressed: true, password: "Zebra-☃-ü", masterKey: highKey },
    { version: 5, compressed: true, password: "" },
  ];
  for (const spec of specs) {
    const file = memoryFile("made.ab", buildAb(tar, spec));
    assert.ok((await tarOf(file, spec.password)).equals(tar), JSON.stringify(spec));
  }
  // The checksum rule really matters: a v5 backup with a high-byte key does not open if read as v1.
  const v5 = Buffer.from(buildAb(tar, { version: 5, password: "pw", masterKey: highKey }));
  v5[15] = 0x31; // "ANDROID BACKUP\n5" → "…\n1"
  assert.equal((await caught(tarOf(memoryFile("v.ab", v5), "pw"))).code, "E_BAD_PASSWORD");
  assert.deepEqual(Array.from(javaCharBytes(Uint8Array.from([0x41, 0x80, 0xff]))), [0x41, 0xef, 0xbe, 0x80, 0xef, 0xbf, 0xbf]);
});

test("damage: truncated payloads, unsupported encryption, hostile round counts, non-backups", async () => {
  const tar = buildTar([{ name: "a.bin", data: randomBytes(100_000) }]); // incompressible: the cut lands in the payload
  const messages: string[] = [];
  for (const spec of [{ compressed: true }, { compressed: true, password: "pw" }, { compressed: false, password: "pw" }]) {
    const whole = buildAb(tar, spec);
    const err = await caught(tarOf(memoryFile("cut.ab", whole.subarray(0, whole.length - 1000)), spec.password));
    assert.equal(err.code, "E_CORRUPT", JSON.stringify(spec));
    assert.equal(err.file, "cut.ab");
    messages.push(err.message);
  }
  assert.match(messages[0]!, /damaged or truncated \(zlib/);
  assert.match(messages[1]!, /not a whole number of AES blocks/);
  assert.match(messages[2]!, /not a whole number of AES blocks/);
  const aligned = buildAb(tar, { compressed: false, password: "pw" });
  assert.match((await caught(tarOf(memoryFile("cut.ab", aligned.subarray(0, aligned.length - 32)), "pw"))).message, /bad padding/);
  const enc = (s: string) => memoryFile("x.ab", new TextEncoder().encode(s));
  assert.match((await caught(openAndroidBackupFile(enc("ANDROID BACKUP\n5\n1\nAES-128\n...")))).message, /encryption "AES-128" is not supported/);
  assert.match((await caught(openAndroidBackupFile(enc("ANDROID BACKUP\n5\n1\n")))).message, /truncated Android backup header/);
  assert.match((await caught(openAndroidBackupFile(enc("PK\x03\x04 a zip")))).message, /not an Android backup/);
  assert.match((await caught(openAndroidBackupFile(enc("")))).message, /not an Android backup/);
  let asked = 0;
  const rounds = `ANDROID BACKUP\n5\n0\nAES-256\n${"AB".repeat(64)}\n${"AB".repeat(64)}\n999999999\n${"00".repeat(16)}\n${"00".repeat(96)}\n`;
  const err = await caught(openAndroidBackupFile(enc(rounds), { password: async () => (asked++, "x") }));
  assert.equal(err.code, "E_LIMIT");
  assert.equal(asked, 0);
});

test("a compression bomb streams in bounded pieces and is stopped by the tar reader's total bound", async () => {
  const tar = buildTar([{ name: "zeros.bin", data: new Uint8Array(64 * 1024 * 1024) }]);
  const file = memoryFile("bomb.ab", buildAb(tar, { compressed: true }));
  assert.ok(file.size < 200_000, "64 MiB of zeros compress to ~65 KB");
  const ab = await openAndroidBackupFile(file);
  const err = await caught((async () => {
    for await (const e of readTar(ab.tar, { name: "bomb.ab", limits: { total: 8 * 1024 * 1024 } })) await e.stream().pipeTo(new WritableStream());
  })());
  assert.equal(err.code, "E_LIMIT");
});

test("no error message carries a password", () => {
  for (const e of errors) for (const pw of ["123456", "invalid_password", "Zebra-☃-ü"]) assert.ok(!String((e as Error).message).includes(pw));
});

/** Every error provoked here is kept: a last test checks none of them names the password. */
function caught(p: Promise<unknown> | (() => unknown)) {
  return caughtError(p, errors);
}
