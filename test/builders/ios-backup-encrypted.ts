/**
 * Turns a plain backup written by IosBackupBuilder into an encrypted one the way iOS writes it (keybag, wrapped
 * class and file keys, AES-256-CBC payloads, encrypted Manifest.db), with node:crypto so the reader is checked
 * against an independent implementation. Iteration counts are tiny so tests stay fast.
 */
import Database from "better-sqlite3";
import { createCipheriv, pbkdf2Sync, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unarchiveNSKeyed } from "../../src/formats/nskeyed.ts";
import { parsePlist } from "../../src/formats/plist.ts";
import type { PlistDict, PlistValue } from "../../src/formats/plist.ts";
import { binaryPlist, nsKeyedArchive } from "./plist-writer.ts";

/** RFC 3394 default IV; OpenSSL's id-aesN-wrap ciphers take it explicitly. */
const KW_IV = Buffer.from("a6a6a6a6a6a6a6a6", "hex");

/** RFC 3394 key wrap with node:crypto (OpenSSL), independent of the WebCrypto unwrap under test. */
export function aesWrap(kek: Uint8Array, key: Uint8Array): Buffer {
  const c = createCipheriv(`id-aes${kek.length * 8}-wrap`, kek, KW_IV);
  return Buffer.concat([c.update(key), c.final()]);
}

/** AES-256-CBC, zero IV, PKCS#7 padding: how iOS encrypts backup payloads and Manifest.db. */
export function encryptPayload(plain: Uint8Array, key: Uint8Array): Buffer {
  const c = createCipheriv("aes-256-cbc", key, Buffer.alloc(16));
  return Buffer.concat([c.update(plain), c.final()]);
}

/** One TLV item: 4-char tag, 4-byte big-endian length, value (numbers as 4-byte big-endian). */
export function tlv(tag: string, value: Uint8Array | number): Buffer {
  const v = typeof value === "number" ? Buffer.alloc(4) : Buffer.from(value);
  if (typeof value === "number") v.writeUInt32BE(value);
  const h = Buffer.alloc(8);
  h.write(tag, 0, "latin1");
  h.writeUInt32BE(v.length, 4);
  return Buffer.concat([h, v]);
}

/** The passcode key exactly as the keybag fields prescribe, with node:crypto's PBKDF2. */
export function passcodeKeyOf(password: string, salt: Uint8Array, iter: number, dpsl?: Uint8Array, dpic?: number): Buffer {
  const first = dpsl && dpic ? pbkdf2Sync(password, dpsl, dpic, 32, "sha256") : Buffer.from(password, "utf8");
  return pbkdf2Sync(first, salt, iter, 32, "sha1");
}

export interface MadeKeybag {
  blob: Buffer;
  passcodeKey: Buffer;
  /** Raw class keys 1..11. */
  classKeys: Map<number, Buffer>;
}

/** A backup keybag (TYPE 1) with random class keys 1..11, each wrapped with the passcode key (WRAP 2). */
export function makeKeybag(password: string, opts: { dpic?: number; iter?: number; legacy?: boolean } = {}): MadeKeybag {
  const salt = randomBytes(20);
  const dpsl = randomBytes(20);
  const iter = opts.iter ?? 10;
  const dpic = opts.dpic ?? 1000;
  const passcodeKey = opts.legacy ? passcodeKeyOf(password, salt, iter) : passcodeKeyOf(password, salt, iter, dpsl, dpic);
  const parts = [tlv("VERS", opts.legacy ? 3 : 4), tlv("TYPE", 1), tlv("UUID", randomBytes(16)), tlv("HMCK", randomBytes(40)), tlv("WRAP", 0), tlv("SALT", salt), tlv("ITER", iter)];
  if (!opts.legacy) parts.push(tlv("DPWT", 1), tlv("DPIC", dpic), tlv("DPSL", dpsl));
  const classKeys = new Map<number, Buffer>();
  for (let cls = 1; cls <= 11; cls++) {
    const key = randomBytes(32);
    classKeys.set(cls, key);
    // Class 2 (CompleteUnlessOpen) is a Curve25519 key on devices; the backup keybag still wraps its 32 bytes.
    const curve = cls === 2;
    parts.push(tlv("UUID", randomBytes(16)), tlv("CLAS", cls), tlv("WRAP", 2), tlv("KTYP", curve ? 1 : 0), tlv("WPKY", aesWrap(passcodeKey, key)));
    if (curve) parts.push(tlv("PBKY", randomBytes(32)));
  }
  return { blob: Buffer.concat(parts), passcodeKey, classKeys };
}

export interface EncryptOptions {
  dpic?: number;
  iter?: number;
  /** Protection class for a payload; default: the record's ProtectionClass, else 3. */
  classOf?: (domain: string, relativePath: string) => number | undefined;
}

export interface EncryptedBackup extends MadeKeybag {
  dir: string;
  manifestKey: Buffer;
  /** Raw per-file keys by fileID. */
  fileKeys: Map<string, Buffer>;
}

const le32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

/** Writes an encrypted copy of `plainDir` into `encDir`; Info.plist stays plain, as iTunes leaves it. */
export function encryptBackup(plainDir: string, encDir: string, password: string, opts: EncryptOptions = {}): EncryptedBackup {
  mkdirSync(encDir, { recursive: true });
  const kb = makeKeybag(password, opts);
  const fileKeys = new Map<string, Buffer>();

  // Work on an in-memory copy of the plain Manifest.db, then serialise and encrypt it.
  const plainDb = new Database(join(plainDir, "Manifest.db"), { readonly: true });
  const db = new Database(plainDb.serialize());
  plainDb.close();
  const rows = db.prepare("SELECT fileID, domain, relativePath, flags, file FROM Files").all() as { fileID: string; domain: string; relativePath: string; flags: number; file: Buffer | null }[];
  const update = db.prepare("UPDATE Files SET file = ? WHERE fileID = ?");
  for (const r of rows) {
    const src = join(plainDir, r.fileID.slice(0, 2), r.fileID);
    if (r.flags !== 1 || !existsSync(src)) continue;
    const plain = readFileSync(src);
    const fields = r.file ? (unarchiveNSKeyed(parsePlist(r.file)) as PlistDict) : {};
    const recorded = fields["ProtectionClass"];
    const cls = opts.classOf?.(r.domain, r.relativePath) ?? (typeof recorded === "number" ? recorded : 3);
    const key = randomBytes(32);
    fileKeys.set(r.fileID, key);
    mkdirSync(join(encDir, r.fileID.slice(0, 2)), { recursive: true });
    writeFileSync(join(encDir, r.fileID.slice(0, 2), r.fileID), encryptPayload(plain, key));
    // EncryptionKey = NSData of 4-byte little-endian class + RFC 3394-wrapped file key (iphone-dataprotection).
    const ek = new Uint8Array(Buffer.concat([le32(cls), aesWrap(kb.classKeys.get(cls)!, key)]));
    const mbFile: PlistDict = { $class: "MBFile" };
    for (const [k, v] of Object.entries(fields)) mbFile[k] = v as PlistValue;
    Object.assign(mbFile, { Size: plain.length, ProtectionClass: cls, EncryptionKey: ek });
    update.run(Buffer.from(binaryPlist(nsKeyedArchive(mbFile))), r.fileID);
  }
  const manifestDb = db.serialize();
  db.close();

  // Manifest.db is encrypted with its own key, wrapped with class 4 (NSFileProtectionNone), key in Manifest.plist.
  const manifestKey = randomBytes(32);
  writeFileSync(join(encDir, "Manifest.db"), encryptPayload(manifestDb, manifestKey));
  const infoPath = join(plainDir, "Info.plist");
  const info = existsSync(infoPath) ? (parsePlist(readFileSync(infoPath)) as PlistDict) : {};
  if (existsSync(infoPath)) copyFileSync(infoPath, join(encDir, "Info.plist"));
  const oldManifestPath = join(plainDir, "Manifest.plist");
  const old = existsSync(oldManifestPath) ? (parsePlist(readFileSync(oldManifestPath)) as PlistDict) : {};
  const apps = Array.isArray(info["Installed Applications"]) ? (info["Installed Applications"] as string[]) : [];
  const manifestPlist: PlistDict = {
    Version: "10.0",
    Date: new Date("2024-03-01T10:00:00Z"),
    SystemDomainsVersion: "24.0",
    WasPasscodeSet: true,
    Lockdown: {
      ProductVersion: info["Product Version"] ?? "16.7.8",
      ProductType: info["Product Type"] ?? "iPhone13,2",
      BuildVersion: info["Build Version"] ?? "20H240",
      UniqueDeviceID: info["Unique Identifier"] ?? "00008101-000000000000001E",
      SerialNumber: info["Serial Number"] ?? "F00000000000",
      DeviceName: info["Device Name"] ?? "Test iPhone",
    },
    Applications: Object.fromEntries(apps.map((id) => [id, { CFBundleIdentifier: id, CFBundleVersion: "1", ContainerContentClass: "Data/Application" }])),
    ...old,
    BackupKeyBag: new Uint8Array(kb.blob),
    ManifestKey: new Uint8Array(Buffer.concat([le32(4), aesWrap(kb.classKeys.get(4)!, manifestKey)])),
    IsEncrypted: true,
  };
  writeFileSync(join(encDir, "Manifest.plist"), binaryPlist(manifestPlist));
  return { ...kb, dir: encDir, manifestKey, fileKeys };
}
