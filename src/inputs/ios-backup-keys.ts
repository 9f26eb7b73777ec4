/**
 * Unlocking an encrypted backup (WebCrypto only, so it runs in a browser too): the password or a saved key →
 * the keybag's class keys → Manifest.db and per-file views that decrypt as they are read. The password is
 * used once, never stored, never put in a message.
 */
import { SpyglassError } from "../core/errors.ts";
import type { SourceFile } from "../core/source.ts";
import { memoryFile } from "../core/source.ts";
import { parseKeybag } from "../formats/keybag.ts";
import type { Keybag } from "../formats/keybag.ts";
import { decryptFileBytes, decryptFileStream, decryptFileStreamWith, decryptManifestDb, deriveBackupKey, extractFileKey, importKeyFile, unlockKeybag, unwrapFileKey } from "../formats/backup-crypto.ts";
import type { CbcFactory, ClassKeys } from "../formats/backup-crypto.ts";
import { parsePlist } from "../formats/plist.ts";
import type { PlistValue } from "../formats/plist.ts";
import { unarchiveNSKeyed } from "../formats/nskeyed.ts";

/** How the user unlocks a backup: a password, or the text of a key file made by `extract-key`. */
export interface BackupSecret {
  readonly password?: string;
  readonly keyFile?: string;
}

export interface UnlockedBackup {
  readonly keybag: Keybag;
  readonly classKeys: ClassKeys;
  /** The password-derived key, for extract-key (as sensitive as the password). */
  readonly passcodeKey: Uint8Array | undefined;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

export async function unlockBackup(manifestPlist: Record<string, PlistValue>, secret: BackupSecret, file: string): Promise<UnlockedBackup> {
  const blob = manifestPlist["BackupKeyBag"];
  if (!(blob instanceof Uint8Array)) throw new SpyglassError("E_CORRUPT", "Manifest.plist has no BackupKeyBag: the backup is only partly present", { file });
  const keybag = parseKeybag(blob, { file });
  if (secret.keyFile !== undefined) {
    const k = importKeyFile(secret.keyFile);
    if (k.keybagUuid && k.keybagUuid !== hex(keybag.uuid)) {
      throw new SpyglassError("E_BAD_PASSWORD", "the key file belongs to another backup (its keybag id differs)", { file });
    }
    if (k.classKeys) return { keybag, classKeys: k.classKeys, passcodeKey: k.passcodeKey };
    if (!k.passcodeKey) throw new SpyglassError("E_USAGE", "the key file holds no key", { file });
    return { keybag, classKeys: await unlockKeybag(keybag, k.passcodeKey, { file }), passcodeKey: k.passcodeKey };
  }
  if (secret.password === undefined) throw new SpyglassError("E_ENCRYPTED", "this backup is encrypted: give its password or a key file", { file });
  const passcodeKey = await deriveBackupKey(secret.password, keybag, { file });
  return { keybag, classKeys: await unlockKeybag(keybag, passcodeKey, { file }), passcodeKey };
}

/** Manifest.db decrypted into memory (it is small: one row per file). */
export async function decryptManifest(manifestPlist: Record<string, PlistValue>, keys: UnlockedBackup, encrypted: SourceFile): Promise<SourceFile> {
  const plain = await decryptManifestDb(manifestPlist, keys.classKeys, await encrypted.bytes(1 << 30), { file: encrypted.path });
  return memoryFile(encrypted.path, plain, { evidence: encrypted });
}

/** A view of an encrypted payload that decrypts on read; its key comes from the file's Manifest.db record. */
export function decryptedPayload(stored: SourceFile, mbFileBlob: Uint8Array | null, keys: UnlockedBackup, cbc?: CbcFactory): SourceFile {
  const info = mbFileBlob ? extractFileKey(unarchiveNSKeyed(parsePlist(mbFileBlob, { file: stored.path })), { file: stored.path }) : undefined;
  if (!info) throw new SpyglassError("E_CORRUPT", "no encryption key in this file's Manifest.db record", { file: stored.path });
  let key: Promise<Uint8Array> | undefined;
  const fileKey = () => (key ??= unwrapFileKey(keys.classKeys, info.protectionClass, info.wrappedKey, { file: stored.path }));
  const size = info.size && info.size > 0 ? info.size : undefined;
  return {
    path: stored.path,
    size: size ?? stored.size,
    evidence: stored,
    ...(stored.meta ? { meta: stored.meta } : {}),
    ...(stored.mtime !== undefined ? { mtime: stored.mtime } : {}),
    async slice(start, end) {
      // CBC has no cheap random access here: decrypt the whole file (payloads needing slices are small).
      return (await this.bytes()).subarray(start, end);
    },
    async bytes(limit) {
      // Ciphertext is at most one padding block longer than the plaintext.
      const enc = await stored.bytes(limit === undefined ? undefined : limit + 16);
      return decryptFileBytes(enc, await fileKey(), size, { file: stored.path });
    },
    stream() {
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
      return new ReadableStream<Uint8Array>({
        async pull(c) {
          const k = await fileKey();
          const opts = { file: stored.path };
          reader ??= (cbc ? decryptFileStreamWith(cbc, stored.stream(), k, size, opts) : decryptFileStream(stored.stream(), k, size, opts)).getReader();
          const { done, value } = await reader.read();
          if (done) c.close();
          else c.enqueue(value);
        },
        cancel: (r) => reader?.cancel(r),
      });
    },
  };
}

export { exportKeyFile } from "../formats/backup-crypto.ts";
