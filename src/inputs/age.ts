/**
 * age-encrypted acquisitions (androidqf's `key.txt` option writes `<acquisition>.zip.age`): detected by their
 * header, decrypted as a stream with the age identity (X25519 / post-quantum keys) using the age authors'
 * TypeScript library, which runs in browsers too. The identity is used once and never stored or printed.
 */
import { SpyglassError } from "../core/errors.ts";
import type { SourceFile } from "../core/source.ts";

const MAGIC = "age-encryption.org/v1\n";

export async function isAgeEncrypted(file: SourceFile): Promise<boolean> {
  if (file.size < MAGIC.length) return false;
  return new TextDecoder().decode(await file.slice(0, MAGIC.length)) === MAGIC;
}

/** The identities in an age key file: `AGE-SECRET-KEY-…` lines (comments and blank lines skipped). */
export function parseIdentities(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => /^AGE-SECRET-KEY-/i.test(l));
}

/** The decrypted content as a stream; a key that does not fit gives one clear error naming the file. */
export async function ageDecrypt(file: SourceFile, identityText: string): Promise<ReadableStream<Uint8Array>> {
  const identities = parseIdentities(identityText);
  if (!identities.length) throw new SpyglassError("E_USAGE", "the age identity file holds no AGE-SECRET-KEY line");
  // Imported when needed: the library builds its curve tables when loaded (~35 ms of CPU), which every other command
  // would pay at start-up.
  const { Decrypter } = await import("age-encryption");
  const d = new Decrypter();
  for (const id of identities) d.addIdentity(id);
  try {
    return await d.decrypt(file.stream());
  } catch (cause) {
    // The header is read up front: a wrong identity fails here, before any data.
    throw new SpyglassError("E_BAD_PASSWORD", "the age identity does not decrypt this acquisition (wrong key.txt?)", { file: file.path, cause });
  }
}
