/** Tests for the BackupKeyBag reader: keybags made like iOS makes them, and truncated or hostile blobs. */

import { test } from "node:test";
import assert from "node:assert/strict";
import { SpyglassError } from "../core/errors.ts";
import { KEYBAG_MAX_BYTES, KEYBAG_MAX_CLASSES, WRAP_PASSCODE, parseKeybag } from "./keybag.ts";
import { makeKeybag, tlv } from "../../test/builders/ios-backup-encrypted.ts";

const FILE = "Manifest.plist";

function rejects(blob: Uint8Array, code: "E_CORRUPT" | "E_LIMIT", pattern?: RegExp): void {
  assert.throws(
    () => parseKeybag(blob, { file: FILE }),
    (err: unknown) => err instanceof SpyglassError && err.code === code && err.file === FILE && (!pattern || pattern.test(err.message)),
  );
}

const header = (extra: Buffer[] = []) =>
  Buffer.concat([tlv("VERS", 4), tlv("TYPE", 1), tlv("UUID", Buffer.alloc(16, 1)), tlv("WRAP", 0), tlv("SALT", Buffer.alloc(20, 2)), tlv("ITER", 10), ...extra]);
const record = (cls: number, wpky: Buffer = Buffer.alloc(40, 9)) =>
  Buffer.concat([tlv("UUID", Buffer.alloc(16, cls)), tlv("CLAS", cls), tlv("WRAP", 2), tlv("KTYP", 0), tlv("WPKY", wpky)]);

test("reads the header and all eleven class records of an iOS-style backup keybag", () => {
  const { blob } = makeKeybag("pw", { dpic: 1000, iter: 10 });
  const kb = parseKeybag(blob, { file: FILE });
  assert.equal(kb.version, 4);
  assert.equal(kb.type, 1);
  assert.equal(kb.uuid.length, 16);
  assert.equal(kb.hmacKey?.length, 40);
  assert.equal(kb.salt.length, 20);
  assert.equal(kb.iterations, 10);
  assert.equal(kb.dpic, 1000);
  assert.equal(kb.dpsl?.length, 20);
  assert.equal(kb.dpwt, 1);
  assert.deepEqual(kb.classKeys.map((c) => c.protectionClass), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  for (const c of kb.classKeys) {
    assert.equal(c.wrap & WRAP_PASSCODE, WRAP_PASSCODE);
    assert.equal(c.wrappedKey?.length, 40);
    assert.equal(c.uuid.length, 16);
  }
  const curve = kb.classKeys.find((c) => c.protectionClass === 2)!;
  assert.equal(curve.keyType, 1);
  assert.equal(curve.publicKey?.length, 32);
});

test("a pre-iOS 10.2 keybag (no DPSL/DPIC) parses with only the SHA-1 round", () => {
  const kb = parseKeybag(makeKeybag("pw", { legacy: true }).blob);
  assert.equal(kb.dpic, undefined);
  assert.equal(kb.dpsl, undefined);
  assert.equal(kb.classKeys.length, 11);
});

test("a keybag cut anywhere is E_CORRUPT naming the file", () => {
  const { blob } = makeKeybag("pw");
  for (const cut of [1, 7, 8, 12, 100, blob.length - 41, blob.length - 1]) rejects(blob.subarray(0, cut), "E_CORRUPT");
  rejects(new Uint8Array(0), "E_CORRUPT", /empty/);
});

test("a length that runs past the end is refused, not read", () => {
  const b = Buffer.concat([header(), record(1)]);
  b.writeUInt32BE(0xffffffff, 4); // VERS claims 4 GiB
  rejects(b, "E_CORRUPT", /claims 4294967295 bytes/);
});

test("hostile structure: bad tags, odd integer widths, missing or repeated fields", () => {
  rejects(Buffer.concat([Buffer.from("ve\u0000S"), Buffer.alloc(4)]), "E_CORRUPT", /invalid tag/);
  rejects(Buffer.concat([header(), tlv("ITER", 20)]), "E_CORRUPT", /header repeats ITER/);
  rejects(Buffer.concat([tlv("VERS", Buffer.alloc(2)), tlv("UUID", Buffer.alloc(16)), tlv("SALT", Buffer.alloc(20)), tlv("ITER", 1)]), "E_CORRUPT", /VERS should be a 4-byte integer/);
  rejects(Buffer.concat([tlv("VERS", 4), tlv("UUID", Buffer.alloc(16)), tlv("ITER", 10)]), "E_CORRUPT", /no SALT/);
  rejects(Buffer.concat([tlv("VERS", 4), tlv("UUID", Buffer.alloc(16)), tlv("SALT", Buffer.alloc(20))]), "E_CORRUPT", /no ITER/);
  rejects(header([tlv("DPIC", 5)]), "E_CORRUPT", /DPSL and DPIC/);
  rejects(Buffer.concat([header(), tlv("UUID", Buffer.alloc(16)), tlv("WRAP", 2)]), "E_CORRUPT", /no CLAS/);
  rejects(Buffer.concat([header(), record(3), record(3)]), "E_CORRUPT", /class 3 appears twice/);
  rejects(Buffer.concat([header(), record(3, Buffer.alloc(41))]), "E_CORRUPT", /41-byte wrapped key/);
  const wideClas = Buffer.concat([header(), tlv("UUID", Buffer.alloc(16)), tlv("CLAS", Buffer.alloc(8))]);
  rejects(wideClas, "E_CORRUPT", /CLAS should be a 4-byte integer/);
  rejects(Buffer.concat([tlv("SALT", Buffer.alloc(20)), tlv("ITER", 1)]), "E_CORRUPT", /not a keybag header/);
});

test("bounds: oversize blobs and too many class records are E_LIMIT", () => {
  rejects(new Uint8Array(KEYBAG_MAX_BYTES + 1), "E_LIMIT");
  const many = Buffer.concat([header(), ...Array.from({ length: KEYBAG_MAX_CLASSES + 1 }, (_, i) => record(i + 1))]);
  rejects(many, "E_LIMIT", /class keys/);
  const items = Buffer.concat([header(), ...Array.from({ length: 1100 }, () => tlv("XTRA", 0))]);
  rejects(items, "E_LIMIT", /items/);
});
