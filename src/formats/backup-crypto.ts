/** Encrypted iTunes/Finder backups with WebCrypto only: password → keybag class keys → per-file keys → AES-CBC plaintext. */

import { SpyglassError } from "../core/errors.ts";
import type { PlistValue } from "./plist.ts";
import { WRAP_PASSCODE } from "./keybag.ts";
import type { Keybag } from "./keybag.ts";

// The scheme (public: iphone-dataprotection, jsharkey13/iphone_backup_decrypt, Apple Platform Security "Keybags"):
//   passcode key = PBKDF2-SHA1(PBKDF2-SHA256(password, DPSL, DPIC, 32), SALT, ITER, 32)   (DPSL/DPIC since iOS 10.2)
//   class key    = RFC 3394 unwrap(passcode key, WPKY)            for classes whose WRAP has bit 2
//   file key     = RFC 3394 unwrap(class key, EncryptionKey[4:])  the MBFile record in Manifest.db
//   plaintext    = AES-256-CBC(file key, IV 0), PKCS#7 padded; Manifest.db likewise with ManifestKey (Manifest.plist).

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
/** WebCrypto wants ArrayBuffer-backed views; evidence bytes always are (never SharedArrayBuffer). */
const bs = (u: Uint8Array): Uint8Array<ArrayBuffer> => u as Uint8Array<ArrayBuffer>;

/** iOS uses 10,000,000 (DPIC) and 10,000 (ITER); 10× that is still a few tens of seconds, beyond it a hostile keybag. */
export const MAX_DPIC = 100_000_000;
export const MAX_ITER = 10_000_000;
/** Bytes decrypted per WebCrypto call: large enough to amortise the call, small enough to bound memory. */
export const DECRYPT_CHUNK = 1024 * 1024;

/** Unwrapped class keys by protection class: raw 32-byte keys (or CryptoKeys usable for AES-KW unwrapKey). */
export type ClassKeys = ReadonlyMap<number, CryptoKey | Uint8Array>;

const BAD_PASSWORD = "wrong backup password (the keybag did not unlock)";

/**
 * Derives the 32-byte passcode key from the backup password: PBKDF2-HMAC-SHA256 (DPSL, DPIC) then PBKDF2-HMAC-SHA1
 * (SALT, ITER). Keybags older than iOS 10.2 have no DPSL/DPIC and only get the SHA-1 round. Rejects iteration counts
 * beyond MAX_DPIC/MAX_ITER with E_LIMIT before any work. The password never appears in any error.
 */
export async function deriveBackupKey(password: string, keybag: Keybag, opts: { file?: string } = {}): Promise<Uint8Array> {
  const count = (name: string, n: number | undefined, max: number): void => {
    if (n === undefined) return;
    if (!Number.isInteger(n) || n < 1) throw new SpyglassError("E_CORRUPT", `backup keybag: ${name} of ${n} iterations`, { file: opts.file });
    if (n > max) throw new SpyglassError("E_LIMIT", `backup keybag: ${name} of ${n} iterations exceeds the limit of ${max}`, { file: opts.file });
  };
  count("DPIC", keybag.dpic, MAX_DPIC);
  count("ITER", keybag.iterations, MAX_ITER);
  let secret = new TextEncoder().encode(password); // iTunes hashes the password's UTF-8 bytes
  if (keybag.dpsl && keybag.dpic !== undefined) secret = await pbkdf2(secret, keybag.dpsl, keybag.dpic, "SHA-256");
  return pbkdf2(secret, keybag.salt, keybag.iterations, "SHA-1");
}

async function pbkdf2(secret: Uint8Array, salt: Uint8Array, iterations: number, hash: "SHA-1" | "SHA-256"): Promise<Uint8Array<ArrayBuffer>> {
  const base = await subtle().importKey("raw", bs(secret), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await subtle().deriveBits({ name: "PBKDF2", salt: bs(salt), iterations, hash }, base, 256));
}

/**
 * Unwraps every passcode-wrapped class key (RFC 3394 via AES-KW unwrapKey). The first unwrap doubles as the password
 * check: its integrity check fails → E_BAD_PASSWORD, before anything else is attempted. A later failure means a
 * damaged keybag (E_CORRUPT). Returns raw 32-byte keys by protection class.
 */
export async function unlockKeybag(keybag: Keybag, passcodeKey: Uint8Array, opts: { file?: string } = {}): Promise<Map<number, Uint8Array>> {
  const kek = await importKek(passcodeKey, opts.file);
  const out = new Map<number, Uint8Array>();
  for (const ck of keybag.classKeys) {
    if (!ck.wrappedKey || !(ck.wrap & WRAP_PASSCODE)) continue; // device-wrapped keys need the phone's UID key
    try {
      out.set(ck.protectionClass, await rfc3394Unwrap(kek, ck.wrappedKey));
    } catch (err) {
      if (out.size === 0) throw new SpyglassError("E_BAD_PASSWORD", BAD_PASSWORD, { file: opts.file, cause: err });
      throw new SpyglassError("E_CORRUPT", `backup keybag: class ${ck.protectionClass} key did not unwrap though others did`, { file: opts.file, cause: err });
    }
  }
  if (out.size === 0) throw new SpyglassError("E_CORRUPT", "backup keybag: no password-wrapped class keys", { file: opts.file });
  return out;
}

async function importKek(raw: Uint8Array, file: string | undefined): Promise<CryptoKey> {
  if (raw.length !== 16 && raw.length !== 24 && raw.length !== 32) {
    throw new SpyglassError("E_CORRUPT", `a ${raw.length}-byte key cannot unwrap (16, 24 or 32 expected)`, { file });
  }
  return subtle().importKey("raw", bs(raw), "AES-KW", false, ["unwrapKey"]);
}

/** RFC 3394 unwrap → raw key bytes. WebCrypto unwraps into a key object; extractable so its bytes can be exported. */
async function rfc3394Unwrap(kek: CryptoKey, wrapped: Uint8Array): Promise<Uint8Array> {
  const key = await subtle().unwrapKey("raw", bs(wrapped), kek, "AES-KW", "AES-KW", true, ["unwrapKey"]);
  return new Uint8Array(await subtle().exportKey("raw", key));
}

// Importing a class key costs a WebCrypto call; backups have 10^5 files in a handful of classes.
const kekCache = new WeakMap<Uint8Array, Promise<CryptoKey>>();

/** Unwraps a 40-byte per-file (or manifest) key with its class key → the raw 32-byte AES key. */
export async function unwrapFileKey(classKeys: ClassKeys, protectionClass: number, wrappedKey: Uint8Array, opts: { file?: string } = {}): Promise<Uint8Array> {
  const file = opts.file;
  if (wrappedKey.length !== 40) throw new SpyglassError("E_CORRUPT", `wrapped file key is ${wrappedKey.length} bytes, expected 40`, { file });
  const ck = classKeys.get(protectionClass);
  if (ck === undefined) throw new SpyglassError("E_CORRUPT", `no unlocked key for protection class ${protectionClass}`, { file });
  let kek: CryptoKey;
  if (ck instanceof Uint8Array) {
    let p = kekCache.get(ck);
    if (!p) kekCache.set(ck, (p = importKek(ck, file)));
    kek = await p;
  } else kek = ck;
  try {
    return await rfc3394Unwrap(kek, wrappedKey);
  } catch (err) {
    throw new SpyglassError("E_CORRUPT", `file key (class ${protectionClass}) did not unwrap`, { file, cause: err });
  }
}

/** What a Manifest.db `file` record (MBFile, already unarchived) says about the payload's encryption. */
export interface FileKeyInfo {
  readonly protectionClass: number;
  /** The 40-byte RFC 3394 wrapped key (EncryptionKey without its 4-byte class prefix). */
  readonly wrappedKey: Uint8Array;
  /** Plaintext size in bytes, when the record gives one. */
  readonly size: number | undefined;
}

/**
 * Reads EncryptionKey (NSData: 4-byte little-endian class, then the wrapped key), ProtectionClass and Size from an
 * unarchived MBFile. Returns undefined when the record has no EncryptionKey (directories, symlinks, empty files).
 * ProtectionClass wins over the prefix when both are present, as iphone_backup_decrypt does.
 */
export function extractFileKey(mbFile: PlistValue, opts: { file?: string } = {}): FileKeyInfo | undefined {
  if (typeof mbFile !== "object" || mbFile === null || Array.isArray(mbFile) || mbFile instanceof Uint8Array || mbFile instanceof Date) {
    throw new SpyglassError("E_CORRUPT", "Manifest.db file record is not an MBFile object", { file: opts.file });
  }
  const rec = mbFile as Record<string, PlistValue>;
  const ek = rec["EncryptionKey"];
  if (ek === undefined || ek === null) return undefined;
  if (!(ek instanceof Uint8Array) || ek.length !== 44) {
    throw new SpyglassError("E_CORRUPT", "Manifest.db file record has a malformed EncryptionKey (expected 44 bytes of data)", { file: opts.file });
  }
  const prefix = new DataView(ek.buffer, ek.byteOffset, 4).getUint32(0, true);
  const pc = rec["ProtectionClass"];
  const size = rec["Size"];
  return {
    protectionClass: typeof pc === "number" && Number.isInteger(pc) ? pc : prefix,
    wrappedKey: ek.subarray(4),
    size: typeof size === "number" && Number.isSafeInteger(size) && size >= 0 ? size : undefined,
  };
}

/**
 * Decrypts Manifest.db with the ManifestKey of Manifest.plist (4-byte little-endian class + wrapped key). A valid
 * PKCS#7 tail is removed (iOS pads; iphone_backup_decrypt strips it); otherwise bytes stay as decrypted, since SQLite
 * ignores a trailing partial page. E_CORRUPT when the length is not a multiple of the 16-byte AES block. The result
 * is in memory (SQLite hosts need the whole file or a copy on disk); the input is read once, 1 MiB at a time.
 */
export async function decryptManifestDb(manifestPlist: PlistValue, classKeys: ClassKeys, encryptedBytes: Uint8Array, opts: { file?: string } = {}): Promise<Uint8Array> {
  const file = opts.file ?? "Manifest.db";
  const mk = typeof manifestPlist === "object" && manifestPlist !== null && !Array.isArray(manifestPlist) ? (manifestPlist as Record<string, PlistValue>)["ManifestKey"] : undefined;
  if (!(mk instanceof Uint8Array) || mk.length !== 44) {
    throw new SpyglassError("E_CORRUPT", "Manifest.plist has no valid ManifestKey (4-byte class + 40-byte wrapped key)", { file: "Manifest.plist" });
  }
  const cls = new DataView(mk.buffer, mk.byteOffset, 4).getUint32(0, true);
  const key = await unwrapFileKey(classKeys, cls, mk.subarray(4), { file: "Manifest.plist" });
  if (encryptedBytes.length === 0 || encryptedBytes.length % 16 !== 0) {
    throw new SpyglassError("E_CORRUPT", `encrypted Manifest.db is ${encryptedBytes.length} bytes, not a whole number of AES blocks`, { file });
  }
  const plain = await decryptAll(encryptedBytes, await importCbc(key));
  // Strip only padding that leaves whole pages (512 bytes is SQLite's smallest page size): an unpadded database whose
  // last page happens to end in 0x01 must not lose a byte.
  const pad = paddingLength(plain);
  return pad > 0 && (plain.length - pad) % 512 === 0 ? plain.subarray(0, plain.length - pad) : plain;
}

/** Decrypts a whole payload held in memory; same checks as decryptFileStream. */
export async function decryptFileBytes(encrypted: Uint8Array, key: Uint8Array, size?: number, opts: { file?: string } = {}): Promise<Uint8Array> {
  if (encrypted.length === 0) return new Uint8Array(0);
  checkAligned(encrypted.length, opts.file);
  const plain = await decryptAll(encrypted, await importCbc(key));
  return unpad(plain, size, opts.file);
}

/**
 * Decrypts a payload as it streams: AES-256-CBC, IV zero, in DECRYPT_CHUNK pieces (memory stays ~2 chunks whatever
 * the file size). PKCS#7 padding is checked on the last block (E_CORRUPT, naming only the file); output is cut to
 * `size` (the MBFile Size) when a positive size is given and the plaintext is longer. A size of 0 is treated as
 * unknown rather than as "empty": truncating real data to nothing would hide evidence.
 */
export function decryptFileStream(stream: ReadableStream<Uint8Array>, key: Uint8Array, size?: number, opts: { file?: string } = {}): ReadableStream<Uint8Array> {
  const file = opts.file;
  const buf = new Uint8Array(DECRYPT_CHUNK + 16); // 16 spare bytes for the crafted padding block
  let fill = 0;
  let total = 0;
  let cbc: Promise<CbcChunks> | undefined;
  const emit = emitUpTo(size);
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      async transform(chunk, ctl) {
        cbc ??= importCbc(key).then((k) => new CbcChunks(k));
        let at = 0;
        while (at < chunk.length) {
          // A full buffer is decrypted only once more input shows it is not the last (whose padding we must check).
          if (fill === DECRYPT_CHUNK) {
            emit(ctl, await (await cbc).run(buf, fill));
            fill = 0;
          }
          const n = Math.min(DECRYPT_CHUNK - fill, chunk.length - at);
          buf.set(chunk.subarray(at, at + n), fill);
          fill += n;
          at += n;
          total += n;
        }
      },
      async flush(ctl) {
        if (total === 0) return; // an empty payload decrypts to nothing
        checkAligned(total, file);
        const last = await (await (cbc ??= importCbc(key).then((k) => new CbcChunks(k)))).run(buf, fill);
        const pad = paddingLength(last);
        if (pad === 0) throw new SpyglassError("E_CORRUPT", "bad padding after decryption: the payload is damaged or its key is wrong", { file });
        emit(ctl, last.subarray(0, last.length - pad));
      },
    }),
  );
}

/**
 * Raw AES-256-CBC decryption (IV zero, padding left in) as a stream: update() takes pieces of any length and
 * returns the blocks it could complete (OpenSSL's decipher without auto-padding behaves so). A host capability.
 */
export interface CbcDecryptor {
  update(piece: Uint8Array): Uint8Array;
}
export type CbcFactory = (key: Uint8Array) => CbcDecryptor;

/**
 * decryptFileStream through a host's native CBC (Node: OpenSSL via node:crypto, ~2× WebCrypto's throughput here);
 * same contract. The last plaintext block is held back until the end so its PKCS#7 padding can be checked; no
 * piece is copied.
 */
export function decryptFileStreamWith(cbc: CbcFactory, stream: ReadableStream<Uint8Array>, key: Uint8Array, size?: number, opts: { file?: string } = {}): ReadableStream<Uint8Array> {
  const file = opts.file;
  if (key.length !== 32) throw new SpyglassError("E_CORRUPT", `file key is ${key.length} bytes, expected 32`, { file });
  const dec = cbc(key);
  let held: Uint8Array = new Uint8Array(0); // the latest plaintext block: maybe the padded last one
  let total = 0;
  const emit = emitUpTo(size);
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        total += chunk.length;
        const out = dec.update(chunk);
        if (out.length === 0) return;
        if (held.length) emit(ctl, held);
        emit(ctl, out.subarray(0, out.length - 16));
        held = out.slice(out.length - 16);
      },
      flush(ctl) {
        if (total === 0) return;
        checkAligned(total, file);
        const pad = paddingLength(held);
        if (pad === 0) throw new SpyglassError("E_CORRUPT", "bad padding after decryption: the payload is damaged or its key is wrong", { file });
        emit(ctl, held.subarray(0, held.length - pad));
      },
    }),
  );
}


/** Enqueues plaintext up to the recorded size (a positive MBFile Size), dropping what lies beyond it. */
function emitUpTo(size: number | undefined): (ctl: TransformStreamDefaultController<Uint8Array>, out: Uint8Array) => void {
  const limit = size !== undefined && size > 0 ? size : Infinity;
  let emitted = 0;
  return (ctl, out) => {
    const n = Math.min(out.length, limit - emitted);
    if (n > 0) ctl.enqueue(n === out.length ? out : out.subarray(0, n));
    emitted += Math.max(n, 0);
  };
}

function checkAligned(n: number, file: string | undefined): void {
  if (n % 16 !== 0) throw new SpyglassError("E_CORRUPT", `encrypted payload is ${n} bytes, not a whole number of AES blocks`, { file });
}

function unpad(plain: Uint8Array, size: number | undefined, file: string | undefined): Uint8Array {
  const pad = paddingLength(plain);
  if (pad === 0) throw new SpyglassError("E_CORRUPT", "bad padding after decryption: the payload is damaged or its key is wrong", { file });
  const n = plain.length - pad;
  return plain.subarray(0, size !== undefined && size > 0 && size < n ? size : n);
}

/** PKCS#7: the last byte p (1–16) repeated p times; 0 when the tail is not valid padding. */
function paddingLength(plain: Uint8Array): number {
  const p = plain[plain.length - 1] ?? 0;
  if (p < 1 || p > 16 || p > plain.length) return 0;
  for (let k = plain.length - p; k < plain.length; k++) if (plain[k] !== p) return 0;
  return p;
}

async function importCbc(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== 32) throw new SpyglassError("E_CORRUPT", `file key is ${raw.length} bytes, expected 32`);
  return subtle().importKey("raw", bs(raw), "AES-CBC", false, ["encrypt", "decrypt"]);
}

const PAD_BLOCK = new Uint8Array(16).fill(16);

/**
 * Raw CBC decryption in pieces with an API that only does whole PKCS#7 messages: each piece is decrypted with the
 * previous ciphertext block as IV, and followed by a crafted block E = AES_K(0x10×16 ⊕ last ciphertext block) —
 * obtained as the first output block of an AES-CBC encryption of 0x10×16 under IV = last block — which decrypts to a
 * full padding block, so subtle.decrypt accepts the piece and returns exactly its blocks. (STACK.md: ~320 MB/s vs
 * ~120 MB/s one-shot.) The real PKCS#7 padding, if any, is left in the output for the caller to check.
 */
class CbcChunks {
  private iv: Uint8Array<ArrayBuffer> = new Uint8Array(16);
  constructor(private readonly key: CryptoKey) {}

  /** Decrypts buf[0, n) (n > 0, a multiple of 16); buf must have 16 writable bytes after n. */
  async run(buf: Uint8Array<ArrayBuffer>, n: number): Promise<Uint8Array> {
    const last = buf.slice(n - 16, n);
    const crafted = await subtle().encrypt({ name: "AES-CBC", iv: last }, this.key, PAD_BLOCK);
    buf.set(new Uint8Array(crafted, 0, 16), n);
    const out = await subtle().decrypt({ name: "AES-CBC", iv: this.iv }, this.key, buf.subarray(0, n + 16));
    this.iv = last;
    return new Uint8Array(out);
  }
}

/** Whole-buffer CBC decryption through CbcChunks (padding kept), with one chunk-sized work buffer. */
async function decryptAll(enc: Uint8Array, key: CryptoKey): Promise<Uint8Array> {
  const out = new Uint8Array(enc.length);
  const work = new Uint8Array(Math.min(DECRYPT_CHUNK, enc.length) + 16);
  const cbc = new CbcChunks(key);
  for (let at = 0; at < enc.length; at += DECRYPT_CHUNK) {
    const n = Math.min(DECRYPT_CHUNK, enc.length - at);
    work.set(enc.subarray(at, at + n));
    out.set(await cbc.run(work, n), at);
  }
  return out;
}

// ---------------------------------------------------------------- key files (extract-key)

/** Key file contents; `passcode_key` lets later runs skip the ~3 s of PBKDF2, `class_keys` skip the keybag too. */
export interface KeyFile {
  readonly passcodeKey?: Uint8Array;
  readonly classKeys?: Map<number, Uint8Array>;
  /** Hex UUID of the keybag the keys belong to, so a key for another backup is named as such. */
  readonly keybagUuid?: string;
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** Serialises a derived passcode key (or unlocked raw class keys) as {"version":1,"passcode_key":"<hex>"}. */
export function exportKeyFile(key: Uint8Array | ReadonlyMap<number, Uint8Array>, opts: { keybagUuid?: Uint8Array } = {}): string {
  const out: Record<string, unknown> = { version: 1 };
  if (opts.keybagUuid) out["keybag_uuid"] = hex(opts.keybagUuid);
  if (key instanceof Uint8Array) out["passcode_key"] = hex(key);
  else out["class_keys"] = Object.fromEntries([...key].sort((a, b) => a[0] - b[0]).map(([c, k]) => [String(c), hex(k)]));
  return JSON.stringify(out, null, 2) + "\n";
}

/** Parses a key file written by exportKeyFile; E_USAGE (never echoing its contents) when it is not one. */
export function importKeyFile(text: string): KeyFile {
  const bad = (why: string): never => {
    throw new SpyglassError("E_USAGE", `not a Spyglass backup key file: ${why}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return bad("not JSON");
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return bad("not a JSON object");
  const d = doc as Record<string, unknown>;
  if (d["version"] !== 1) bad("unsupported version");
  const key = (v: unknown, what: string): Uint8Array => {
    if (typeof v !== "string" || !/^(?:[0-9a-fA-F]{2}){32}$/.test(v)) return bad(`${what} is not 64 hex digits`);
    return Uint8Array.from(v.match(/../g)!, (h) => parseInt(h, 16));
  };
  const result: { passcodeKey?: Uint8Array; classKeys?: Map<number, Uint8Array>; keybagUuid?: string } = {};
  if (d["passcode_key"] !== undefined) result.passcodeKey = key(d["passcode_key"], "passcode_key");
  const ck = d["class_keys"];
  if (ck !== undefined) {
    if (typeof ck !== "object" || ck === null || Array.isArray(ck)) return bad("class_keys is not an object");
    const entries = Object.entries(ck);
    if (entries.length > 64) bad("too many class keys");
    result.classKeys = new Map(entries.map(([c, v]) => (/^\d{1,2}$/.test(c) ? [Number(c), key(v, `class key ${c}`)] : bad("class numbers must be small integers"))));
  }
  if (typeof d["keybag_uuid"] === "string" && /^[0-9a-fA-F]{1,64}$/.test(d["keybag_uuid"])) result.keybagUuid = d["keybag_uuid"].toLowerCase();
  if (!result.passcodeKey && !result.classKeys) bad("it holds neither passcode_key nor class_keys");
  return result;
}
