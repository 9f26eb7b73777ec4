/** Tests for encrypted-backup crypto: RFC 3394 vectors, plain → encrypted (node:crypto) → decrypted (WebCrypto) round trips, failures. */

import { caught as caughtError } from "../../test/helpers/errors.ts";
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { openAsBlob, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { SpyglassError } from "../core/errors.ts";
import { parseKeybag } from "./keybag.ts";
import type { Keybag } from "./keybag.ts";
import { parsePlist } from "./plist.ts";
import type { PlistDict } from "./plist.ts";
import { unarchiveNSKeyed } from "./nskeyed.ts";
import {
  DECRYPT_CHUNK, decryptFileBytes, decryptFileStream, decryptManifestDb, deriveBackupKey, exportKeyFile, extractFileKey, importKeyFile, unlockKeybag, unwrapFileKey,
} from "./backup-crypto.ts";
import { IosBackupBuilder } from "../../test/builders/ios-backup.ts";
import { aesWrap, encryptBackup, encryptPayload, makeKeybag, passcodeKeyOf, tlv } from "../../test/builders/ios-backup-encrypted.ts";
import type { EncryptedBackup } from "../../test/builders/ios-backup-encrypted.ts";
import { tempDir } from "../../test/helpers/tmp.ts";

const PASSWORD = "Zebra-hunter2-☃-8c1f"; // distinctive, non-ASCII: UTF-8 encoding matters
const hex = (s: string) => Buffer.from(s.replace(/\s/g, ""), "hex");
const errors: unknown[] = []; // every error the tests provoke, checked for the password at the end


async function collect(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of s as unknown as AsyncIterable<Uint8Array>) parts.push(c);
  return Buffer.concat(parts);
}

/** A stream of `bytes` in awkward piece sizes, to cross every buffer boundary. */
function oddStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const sizes = [1, 15, 17, 4096, DECRYPT_CHUNK - 3, 3 * DECRYPT_CHUNK, 65536];
  let at = 0;
  let i = 0;
  return new ReadableStream({
    pull(ctl) {
      if (at >= bytes.length) return ctl.close();
      const n = sizes[i++ % sizes.length]!;
      ctl.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

const FILES: Record<string, Uint8Array> = {
  "Library/Preferences/small.plist": new TextEncoder().encode("hello, backup"),
  "Library/Preferences/sixty-four.bin": new Uint8Array(64).map((_, i) => i), // a multiple of 16: a whole padding block follows
  "Library/Preferences/empty.txt": new Uint8Array(0),
  "Media/big.bin": randomBytes(2 * 1024 * 1024 + 512 * 1024 + 3), // > 2 MiB, crosses chunk boundaries
  "Media/exact.bin": randomBytes(2 * DECRYPT_CHUNK), // ends exactly on a chunk boundary
};

let plainDir: string;
let enc: EncryptedBackup;
let manifestPlist: PlistDict;
let keybag: Keybag;

before(() => {
  const b = new IosBackupBuilder(tempDir());
  for (const [path, data] of Object.entries(FILES)) b.file("HomeDomain", path, data);
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => db.exec("CREATE TABLE message (text TEXT); INSERT INTO message VALUES ('hi https://example.org/')"));
  b.row("HomeDomain", "Library/Preferences");
  plainDir = b.finish();
  enc = encryptBackup(plainDir, tempDir(), PASSWORD, {
    dpic: 1000,
    iter: 10,
    classOf: (_d, p) => (p === "Media/big.bin" ? 1 : p.endsWith("sms.db") ? 4 : undefined),
  });
  manifestPlist = parsePlist(readFileSync(join(enc.dir, "Manifest.plist"))) as PlistDict;
  keybag = parseKeybag(manifestPlist["BackupKeyBag"] as Uint8Array, { file: "Manifest.plist" });
});

test("RFC 3394 §4.6 vector unwraps (256-bit KEK, 256-bit key); the fixture writer matches §4.1 and §4.6", async () => {
  const kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  const key = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
  const wrapped = hex("28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21");
  assert.deepEqual(Buffer.from(await unwrapFileKey(new Map([[1, kek]]), 1, wrapped)), key);
  assert.deepEqual(aesWrap(kek, key), wrapped);
  assert.deepEqual(aesWrap(hex("000102030405060708090A0B0C0D0E0F"), hex("00112233445566778899AABBCCDDEEFF")), hex("1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5"));
});

test("deriveBackupKey = PBKDF2-SHA256 (DPSL, DPIC) then PBKDF2-SHA1 (SALT, ITER), as node:crypto computes it", async () => {
  assert.deepEqual(Buffer.from(await deriveBackupKey(PASSWORD, keybag)), passcodeKeyOf(PASSWORD, keybag.salt, keybag.iterations, keybag.dpsl, keybag.dpic));
  assert.deepEqual(Buffer.from(await deriveBackupKey(PASSWORD, keybag)), enc.passcodeKey);
  const legacy = makeKeybag(PASSWORD, { legacy: true, iter: 50 });
  assert.deepEqual(Buffer.from(await deriveBackupKey(PASSWORD, parseKeybag(legacy.blob))), legacy.passcodeKey);
});

test("round trip: every payload decrypts byte-identical, in memory and streamed", async () => {
  const classKeys = await unlockKeybag(keybag, await deriveBackupKey(PASSWORD, keybag));
  assert.deepEqual([...classKeys.keys()], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  for (const [c, k] of classKeys) assert.deepEqual(Buffer.from(k), enc.classKeys.get(c));
  const dbBytes = await decryptManifestDb(manifestPlist, classKeys, readFileSync(join(enc.dir, "Manifest.db")));
  assert.equal(Buffer.from(dbBytes.subarray(0, 16)).toString("latin1"), "SQLite format 3\0");
  assert.equal(dbBytes.length % 4096, 0, "the PKCS#7 block is gone: whole SQLite pages remain");
  const db = new Database(Buffer.from(dbBytes));
  const rows = db.prepare("SELECT fileID, domain, relativePath, flags, file FROM Files ORDER BY relativePath").all() as { fileID: string; relativePath: string; flags: number; file: Buffer }[];
  db.close();
  assert.equal(rows.length, Object.keys(FILES).length + 2);
  let checked = 0;
  for (const r of rows) {
    const info = extractFileKey(unarchiveNSKeyed(parsePlist(r.file)), { file: r.relativePath });
    if (r.flags !== 1) {
      assert.equal(info, undefined, "a directory has no key");
      continue;
    }
    assert.ok(info);
    const plain = readFileSync(join(plainDir, r.fileID.slice(0, 2), r.fileID));
    assert.equal(info.size, plain.length);
    assert.equal(info.protectionClass, r.relativePath === "Media/big.bin" ? 1 : r.relativePath.endsWith("sms.db") ? 4 : 3);
    const key = await unwrapFileKey(classKeys, info.protectionClass, info.wrappedKey, { file: r.relativePath });
    assert.deepEqual(Buffer.from(key), enc.fileKeys.get(r.fileID));
    const path = join(enc.dir, r.fileID.slice(0, 2), r.fileID);
    const encrypted = readFileSync(path);
    assert.equal(encrypted.length, (Math.floor(plain.length / 16) + 1) * 16, "PKCS#7 always adds 1–16 bytes");
    assert.deepEqual(Buffer.from(await decryptFileBytes(encrypted, key, info.size)), plain, r.relativePath);
    assert.deepEqual(await collect(decryptFileStream((await openAsBlob(path)).stream(), key, info.size)), plain, r.relativePath);
    assert.deepEqual(await collect(decryptFileStream(oddStream(encrypted), key, info.size)), plain, r.relativePath);
    checked++;
  }
  assert.equal(checked, Object.keys(FILES).length + 1);
});

test("Size from the record truncates the output; a Size of 0 means unknown, not empty", async () => {
  const key = randomBytes(32);
  const ct = encryptPayload(new Uint8Array(100).fill(7), key);
  assert.equal((await decryptFileBytes(ct, key, 40)).length, 40);
  assert.equal((await collect(decryptFileStream(oddStream(ct), key, 40))).length, 40);
  assert.equal((await decryptFileBytes(ct, key, 0)).length, 100);
  assert.equal((await collect(decryptFileStream(oddStream(ct), key, 1000))).length, 100);
});

test("wrong password: E_BAD_PASSWORD right after the first unwrap", async () => {
  const subtle = crypto.subtle as SubtleCrypto & { unwrapKey: SubtleCrypto["unwrapKey"] };
  const original = subtle.unwrapKey;
  let unwraps = 0;
  subtle.unwrapKey = function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto["unwrapKey"]>) {
    unwraps++;
    return original.apply(this, args);
  } as SubtleCrypto["unwrapKey"];
  try {
    const err = await caught(async () => unlockKeybag(keybag, await deriveBackupKey(PASSWORD + "x", keybag), { file: "Manifest.plist" }));
    assert.equal(err.code, "E_BAD_PASSWORD");
    assert.equal(err.message, "wrong backup password (the keybag did not unlock)");
    assert.equal(err.file, "Manifest.plist");
  } finally {
    delete (subtle as Partial<SubtleCrypto>).unwrapKey; // back to the prototype's method
    if (subtle.unwrapKey !== original) subtle.unwrapKey = original;
  }
  assert.equal(unwraps, 1, "no work after the first failed unwrap");
});

test("damaged payloads and manifests are E_CORRUPT", async () => {
  const [id, key] = [...enc.fileKeys].find(([fid]) => readFileSync(join(enc.dir, fid.slice(0, 2), fid)).length > 1000)!;
  const ct = Buffer.from(readFileSync(join(enc.dir, id.slice(0, 2), id)));
  // Flipping the last byte of the second-to-last block flips the last plaintext byte (CBC), so the padding byte
  // becomes ≥ 0xEF: deterministically invalid, unlike a flip in the last block (valid by chance 1 time in ~256).
  ct[ct.length - 17]! ^= 0xff;
  for (const run of [() => decryptFileBytes(ct, key, undefined, { file: "x/y" }), () => collect(decryptFileStream(oddStream(ct), key, undefined, { file: "x/y" }))]) {
    const err = await caught(run);
    assert.equal(err.code, "E_CORRUPT");
    assert.equal(err.file, "x/y");
    assert.match(err.message, /bad padding/);
  }
  const short = ct.subarray(0, ct.length - 1);
  assert.equal((await caught(decryptFileBytes(short, key))).code, "E_CORRUPT");
  assert.match((await caught(collect(decryptFileStream(oddStream(short), key)))).message, /not a whole number of AES blocks/);
  const classKeys = await unlockKeybag(keybag, enc.passcodeKey);
  const db = readFileSync(join(enc.dir, "Manifest.db"));
  assert.equal((await caught(decryptManifestDb(manifestPlist, classKeys, db.subarray(0, db.length - 5)))).code, "E_CORRUPT");
  assert.equal((await caught(decryptManifestDb({ ...manifestPlist, ManifestKey: new Uint8Array(10) }, classKeys, db))).code, "E_CORRUPT");
  assert.match((await caught(unwrapFileKey(new Map([[1, randomBytes(32)]]), 2, randomBytes(40)))).message, /no unlocked key for protection class 2/);
  assert.match((await caught(unwrapFileKey(classKeys, 1, randomBytes(40)))).message, /did not unwrap/);
  assert.equal((await caught(() => extractFileKey({ EncryptionKey: new Uint8Array(12) }))).code, "E_CORRUPT");
});

test("hostile iteration counts are refused before any PBKDF2 work", async () => {
  const blob = Buffer.concat([tlv("VERS", 4), tlv("UUID", Buffer.alloc(16)), tlv("SALT", Buffer.alloc(20)), tlv("ITER", 10), tlv("DPIC", 4_000_000_000), tlv("DPSL", Buffer.alloc(20))]);
  const t = performance.now();
  const err = await caught(deriveBackupKey(PASSWORD, parseKeybag(blob), { file: "Manifest.plist" }));
  assert.equal(err.code, "E_LIMIT");
  assert.ok(performance.now() - t < 10_000, "a hang guard: 4·10^9 PBKDF2 rounds would take hours");
  const zero = Buffer.concat([tlv("VERS", 4), tlv("UUID", Buffer.alloc(16)), tlv("SALT", Buffer.alloc(20)), tlv("ITER", 0)]);
  assert.equal((await caught(deriveBackupKey(PASSWORD, parseKeybag(zero)))).code, "E_CORRUPT");
});

test("key files: the derived key (or class keys) round-trips and unlocks without the password", async () => {
  const pk = await deriveBackupKey(PASSWORD, keybag);
  const text = exportKeyFile(pk, { keybagUuid: keybag.uuid });
  assert.deepEqual(Object.keys(JSON.parse(text)), ["version", "keybag_uuid", "passcode_key"]);
  const kf = importKeyFile(text);
  assert.equal(kf.keybagUuid, Buffer.from(keybag.uuid).toString("hex"));
  const classKeys = await unlockKeybag(keybag, kf.passcodeKey!);
  const viaClasses = importKeyFile(exportKeyFile(classKeys)).classKeys!;
  const db = readFileSync(join(enc.dir, "Manifest.db"));
  assert.deepEqual(await decryptManifestDb(manifestPlist, viaClasses, db), await decryptManifestDb(manifestPlist, classKeys, db));
  for (const bad of ["", "{}", "[1]", '{"version":2,"passcode_key":"00"}', '{"version":1,"passcode_key":"zz"}', '{"version":1}', `{"version":1,"class_keys":{"x":"00"}}`, PASSWORD]) {
    assert.equal((await caught(() => importKeyFile(bad))).code, "E_USAGE");
  }
});

test("no error message, stack, cause or field carries the password or the derived key", async () => {
  assert.ok(errors.length >= 15, `only ${errors.length} errors collected`);
  const secrets = [PASSWORD, Buffer.from(PASSWORD).toString("hex"), enc.passcodeKey.toString("hex")];
  const text = (e: unknown, depth = 0): string => {
    if (!(e instanceof Error) || depth > 5) return String(e);
    return [e.message, e.stack ?? "", JSON.stringify({ ...e }), text((e as Error & { cause?: unknown }).cause, depth + 1)].join("\n");
  };
  for (const e of errors) for (const s of secrets) assert.ok(!text(e).includes(s), `secret leaked in: ${(e as Error).message}`);
});

/** Every error provoked here is kept: a last test checks none of them names the password. */
function caught(p: Promise<unknown> | (() => unknown)) {
  return caughtError(p, errors);
}
