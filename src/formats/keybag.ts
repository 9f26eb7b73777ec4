/** Reads the BackupKeyBag blob of an encrypted iTunes/Finder backup (Manifest.plist) into typed fields, bounded against hostile input. */

import { SpyglassError } from "../core/errors.ts";

// Format (public: iphone-dataprotection keystore/keybag.py, "iOS Security Guide – Keybags"): a flat list of
// TLV items, each a 4-character ASCII tag, a 4-byte big-endian length and the value. The header comes first
// (VERS TYPE UUID HMCK WRAP SALT ITER, plus DPWT DPIC DPSL since iOS 10.2); every later UUID opens one class
// key record (UUID CLAS WRAP KTYP WPKY, PBKY for Curve25519 classes). Four-byte values are big-endian integers.

/** Bit of a WRAP value: the key is wrapped with the key derived from the backup password. */
export const WRAP_PASSCODE = 2;
/** Bit of a WRAP value: the key is wrapped with the device's UID key (never the case in a backup keybag). */
export const WRAP_DEVICE = 1;

/** A real backup keybag is ~1.5 KiB (header + 11 classes × ~100 bytes); 1 MiB is far beyond any honest one. */
export const KEYBAG_MAX_BYTES = 1024 * 1024;
/** iOS defines 11 protection classes (1–11); room for future ones without accepting thousands. */
export const KEYBAG_MAX_CLASSES = 64;
/** Items in all: the header's ~10 plus ≤ 6 per class record, with generous slack. */
export const KEYBAG_MAX_ITEMS = 1024;

export interface KeybagClassKey {
  readonly uuid: Uint8Array;
  /** Protection class: 1 NSFileProtectionComplete … 4 None, 5–11 keychain classes. */
  readonly protectionClass: number;
  /** WRAP bits: WRAP_PASSCODE (2) means unwrap WPKY with the password-derived key. */
  readonly wrap: number;
  /** 0 = AES, 1 = Curve25519 (then PBKY holds the public key). */
  readonly keyType: number;
  /** The wrapped class key (RFC 3394, 40 bytes for a 32-byte key); undefined when the record has none. */
  readonly wrappedKey: Uint8Array | undefined;
  readonly publicKey: Uint8Array | undefined;
}

export interface Keybag {
  readonly version: number | undefined;
  /** 0 System, 1 Backup, 2 Escrow, 3 OTA (iCloud). */
  readonly type: number | undefined;
  readonly uuid: Uint8Array;
  readonly hmacKey: Uint8Array | undefined;
  readonly wrap: number | undefined;
  /** Salt and iterations of the second round, PBKDF2-HMAC-SHA1 (10,000 on iOS). */
  readonly salt: Uint8Array;
  readonly iterations: number;
  /** Salt and iterations of the first round, PBKDF2-HMAC-SHA256 (10,000,000 since iOS 10.2; absent before). */
  readonly dpsl: Uint8Array | undefined;
  readonly dpic: number | undefined;
  readonly dpwt: number | undefined;
  /** Class key records in file order. */
  readonly classKeys: readonly KeybagClassKey[];
}

export interface ParseKeybagOptions {
  /** Named in every error (usually "Manifest.plist"). */
  file?: string;
}

const INT_TAGS = new Set(["VERS", "TYPE", "WRAP", "ITER", "DPWT", "DPIC", "CLAS", "KTYP"]);

interface Item {
  tag: string;
  value: Uint8Array;
}

/** Parses a BackupKeyBag; throws SpyglassError E_CORRUPT or E_LIMIT (with the file name) and nothing else. */
export function parseKeybag(blob: Uint8Array, opts: ParseKeybagOptions = {}): Keybag {
  const file = opts.file;
  const corrupt = (msg: string): never => {
    throw new SpyglassError("E_CORRUPT", `backup keybag: ${msg}`, { file });
  };
  if (blob.length > KEYBAG_MAX_BYTES) {
    throw new SpyglassError("E_LIMIT", `backup keybag: ${blob.length} bytes exceeds the ${KEYBAG_MAX_BYTES}-byte limit`, { file });
  }
  const items = readItems(blob, corrupt, file);
  const int = (it: Item): number => {
    if (it.value.length !== 4) corrupt(`${it.tag} should be a 4-byte integer, found ${it.value.length} bytes`);
    return new DataView(it.value.buffer, it.value.byteOffset, 4).getUint32(0);
  };

  // Header: everything before the second UUID. The first UUID names the keybag itself.
  const header = new Map<string, Item>();
  let i = 0;
  for (; i < items.length; i++) {
    const it = items[i]!;
    if (it.tag === "UUID" && header.has("UUID")) break;
    if (header.has(it.tag)) corrupt(`header repeats ${it.tag}`);
    header.set(it.tag, it);
  }
  const hInt = (tag: string): number | undefined => {
    const it = header.get(tag);
    return it && int(it);
  };
  const hBytes = (tag: string): Uint8Array | undefined => header.get(tag)?.value;

  const uuid = hBytes("UUID") ?? corrupt("no UUID in the header");
  const salt = hBytes("SALT") ?? corrupt("no SALT in the header");
  const iterations = hInt("ITER") ?? corrupt("no ITER in the header");
  const dpsl = hBytes("DPSL");
  const dpic = hInt("DPIC");
  // Either both first-round fields are there (iOS ≥ 10.2) or neither (older backups: SHA-1 round only).
  if ((dpsl === undefined) !== (dpic === undefined)) corrupt("DPSL and DPIC must appear together");
  for (const tag of header.keys()) if (INT_TAGS.has(tag)) hInt(tag); // validates every integer's width

  const classKeys: KeybagClassKey[] = [];
  const seen = new Set<number>();
  while (i < items.length) {
    const start = items[i]!; // always a UUID: the header loop and the record loop stop only there
    const rec = new Map<string, Item>();
    for (i++; i < items.length && items[i]!.tag !== "UUID"; i++) {
      const it = items[i]!;
      if (rec.has(it.tag)) corrupt(`class record repeats ${it.tag}`);
      rec.set(it.tag, it);
    }
    if (classKeys.length >= KEYBAG_MAX_CLASSES) {
      throw new SpyglassError("E_LIMIT", `backup keybag: more than ${KEYBAG_MAX_CLASSES} class keys`, { file });
    }
    const clas = rec.get("CLAS");
    if (!clas) corrupt(`class record ${classKeys.length + 1} has no CLAS`);
    const protectionClass = int(clas!);
    if (seen.has(protectionClass)) corrupt(`protection class ${protectionClass} appears twice`);
    seen.add(protectionClass);
    const wrapItem = rec.get("WRAP");
    const ktyp = rec.get("KTYP");
    const wpky = rec.get("WPKY")?.value;
    // RFC 3394 output is the key plus an 8-byte check block; AES keys are 16, 24 or 32 bytes.
    if (wpky && (wpky.length < 24 || wpky.length > 40 || wpky.length % 8 !== 0)) {
      corrupt(`class ${protectionClass} has a ${wpky.length}-byte wrapped key (expected 24, 32 or 40)`);
    }
    for (const [tag, it] of rec) if (INT_TAGS.has(tag)) int(it);
    classKeys.push({
      uuid: start.value,
      protectionClass,
      wrap: wrapItem ? int(wrapItem) : 0,
      keyType: ktyp ? int(ktyp) : 0,
      wrappedKey: wpky,
      publicKey: rec.get("PBKY")?.value,
    });
  }

  return {
    version: hInt("VERS"),
    type: hInt("TYPE"),
    uuid,
    hmacKey: hBytes("HMCK"),
    wrap: hInt("WRAP"),
    salt,
    iterations,
    dpsl,
    dpic,
    dpwt: hInt("DPWT"),
    classKeys,
  };
}

/** Splits the blob into TLV items; every length is checked against what is left. */
function readItems(blob: Uint8Array, corrupt: (msg: string) => never, file: string | undefined): Item[] {
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const items: Item[] = [];
  let pos = 0;
  while (pos < blob.length) {
    if (blob.length - pos < 8) corrupt(`truncated item header at offset ${pos}`);
    let tag = "";
    for (let k = 0; k < 4; k++) {
      const c = blob[pos + k]!;
      // Tags are upper-case ASCII letters and digits; anything else means we lost sync or the blob is not a keybag.
      if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39))) corrupt(`invalid tag at offset ${pos}`);
      tag += String.fromCharCode(c);
    }
    const len = dv.getUint32(pos + 4);
    pos += 8;
    if (len > blob.length - pos) corrupt(`${tag} at offset ${pos - 8} claims ${len} bytes, only ${blob.length - pos} remain`);
    if (items.length >= KEYBAG_MAX_ITEMS) {
      throw new SpyglassError("E_LIMIT", `backup keybag: more than ${KEYBAG_MAX_ITEMS} items`, { file });
    }
    items.push({ tag, value: blob.subarray(pos, pos + len) });
    pos += len;
  }
  if (items.length === 0) corrupt("empty");
  if (items[0]!.tag !== "VERS" && items[0]!.tag !== "UUID" && items[0]!.tag !== "TYPE") corrupt(`starts with ${items[0]!.tag}, not a keybag header`);
  return items;
}
