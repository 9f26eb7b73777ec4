/**
 * The Android backup format (`adb backup`, androidqf's backup.ab; format versions 1–5): a text header, then the
 * payload — optionally AES-256-CBC encrypted under a password-protected master key, optionally zlib-compressed —
 * which is a tar. The payload is streamed (decrypted 1 MiB at a time, inflated in small pieces), never held whole.
 *
 * Header lines: `ANDROID BACKUP`, version, compressed (0/1), encryption (`none` | `AES-256`). Encrypted backups add
 * hex lines user salt, checksum salt, PBKDF2 rounds, user IV, master key blob. key = PBKDF2-HMAC-SHA1(password, user
 * salt, rounds, 32 bytes); AES-256-CBC(key, user IV) of the blob = [len][master IV][len][master key][len][checksum];
 * checksum = PBKDF2-HMAC-SHA1(master key, checksum salt, rounds, 32) proves the password (Android's
 * BackupManagerService/PerformAdbBackupTask; MVT src/mvt/android/parsers/backup.py reads it the same way).
 */
import { SpyglassError } from "../core/errors.ts";
import type { SourceFile } from "../core/source.ts";
import { decryptFileStream } from "./backup-crypto.ts";
import { inflateStream } from "./inflate.ts";
import type { TarSeek } from "./tar.ts";
import { rawStream } from "./zip.ts";

export const AB_LIMITS = {
  /** Header bytes read before giving up (a real encrypted header is ~600 bytes). */
  header: 64 * 1024,
  /** Android writes 10,000 PBKDF2 rounds (PBKDF2_HASH_ROUNDS); 1,000× that is still a few minutes, beyond it hostile. */
  rounds: 10_000_000,
  /** Salts are 64 bytes, the blob 96; anything far larger is not an Android backup. */
  field: 1024,
};

/** What the first four header lines say (MVT's parse_ab_header: `backup` false when they are not there). */
export interface AbHeader {
  readonly backup: boolean;
  readonly version: number | null;
  readonly compression: boolean | null;
  readonly encryption: string | null;
}

/** Reads the header from the first bytes of a file; never throws. */
export function parseAbHeader(data: Uint8Array): AbHeader {
  const no: AbHeader = { backup: false, version: null, compression: null, encryption: null };
  const lines = headerLines(data, 4);
  if (!lines || lines.texts[0] !== MAGIC) return no;
  const version = parseVersion(lines.texts[1]!);
  if (version === undefined) return no;
  return { backup: true, version, compression: lines.texts[2] === "1", encryption: lines.texts[3]! };
}

/** An opened backup: its header and the tar inside, as a stream. */
export interface AbPayload {
  readonly version: number;
  readonly compressed: boolean;
  readonly encryption: "none" | "AES-256";
  readonly tar: ReadableStream<Uint8Array>;
  /** For a tar stored plain in the file (not compressed, not encrypted): reading it from any offset (see readTar). */
  readonly seek?: TarSeek;
}

const MAGIC = "ANDROID BACKUP";
const latin1 = new TextDecoder("latin1");

/**
 * Opens a .ab file: parses the header, and for an encrypted backup asks for the password (only then, and once),
 * checks it against the master key checksum (E_BAD_PASSWORD, never naming the password), and returns the tar stream.
 * E_CORRUPT for a file that is not a backup or whose header is cut ("Invalid encrypted backup header"); errors while
 * the tar streams (truncation, bad padding, damaged zlib data) are E_CORRUPT naming the file.
 */
export async function openAndroidBackupFile(file: SourceFile, opts: { password?: () => Promise<string> } = {}): Promise<AbPayload> {
  const name = file.path;
  const corrupt = (msg: string, cause?: unknown) => new SpyglassError("E_CORRUPT", msg, cause === undefined ? { file: name } : { file: name, cause });
  const reader = file.stream().getReader();
  let head: Uint8Array = new Uint8Array(0);
  let ended = false;
  // Reads until `n` header lines are complete (or the file or the header bound ends).
  const need = async (n: number) => {
    let lines = headerLines(head, n);
    while (!lines && !ended && head.length < AB_LIMITS.header) {
      const r = await reader.read();
      if (r.done) ended = true;
      else head = concat(head, r.value);
      lines = headerLines(head, n);
    }
    return lines;
  };
  try {
    const first = await need(4);
    if (latin1.decode(head.subarray(0, MAGIC.length)) !== MAGIC) throw corrupt(`not an Android backup: it does not start with "${MAGIC}"`);
    if (!first) throw corrupt("truncated Android backup header (fewer than 4 header lines)");
    const version = parseVersion(first.texts[1]!);
    if (version === undefined) throw corrupt(`Android backup header: the version "${first.texts[1]!.slice(0, 20)}" is not a number`);
    const compressed = first.texts[2] === "1";
    const encryption = first.texts[3]!;
    if (encryption === "none") {
      const tar = inflate(prepend(head.subarray(first.end), reader), compressed, name);
      if (compressed) return { version, compressed, encryption, tar };
      const start = first.end;
      const seek: TarSeek = { size: file.size - start, from: (offset) => rawStream(file, start + offset, file.size, 1024 * 1024, () => corrupt("the backup file changed while it was read")) };
      return { version, compressed, encryption, tar, seek };
    }
    if (encryption !== "AES-256") throw corrupt(`Android backup encryption "${encryption.slice(0, 40)}" is not supported (only AES-256)`);
    const lines = await need(9);
    if (!lines) throw corrupt("Invalid encrypted backup header: it ends before its 5 key lines");
    const [userSalt, checksumSalt, roundsText, userIv, blob] = lines.texts.slice(4) as [string, string, string, string, string];
    const fields = { userSalt: hex(userSalt), checksumSalt: hex(checksumSalt), userIv: hex(userIv), blob: hex(blob) };
    const rounds = /^\d{1,12}$/.test(roundsText) ? Number(roundsText) : NaN;
    if (Object.values(fields).some((f) => !f) || !(rounds >= 1)) throw corrupt("Invalid encrypted backup header: a key line is not hex or the round count is not a number");
    if (rounds > AB_LIMITS.rounds) throw new SpyglassError("E_LIMIT", `the backup asks for ${rounds} PBKDF2 rounds, over the limit of ${AB_LIMITS.rounds}`, { file: name });
    if (fields.userIv!.length !== 16 || fields.blob!.length % 16 !== 0 || fields.blob!.length === 0) throw corrupt("Invalid encrypted backup header: the IV or the master key blob has a wrong length");
    if (!opts.password) throw new SpyglassError("E_ENCRYPTED", "this Android backup is encrypted: give its password (--backup-password, the environment or the prompt)", { file: name });
    const master = await unlockMasterKey(await opts.password(), { ...(fields as Record<keyof typeof fields, Uint8Array>), rounds, version }, name);
    // CBC with the master IV through the iOS decryptor (IV zero): the IV, sent first as one more ciphertext block,
    // makes the decryptor's second block D(C1) ⊕ IV, as wanted; the first (garbage) block is dropped.
    const cipher = prepend(concat(master.iv, head.subarray(lines.end)), reader);
    const plain = dropFirst(decryptFileStream(cipher, master.key, undefined, { file: name }), 16);
    return { version, compressed, encryption, tar: inflate(plain, compressed, name) };
  } catch (err) {
    void reader.cancel().catch(() => undefined);
    throw err;
  }
}

/** Derives the password key, decrypts the master key blob and checks its checksum; E_BAD_PASSWORD on any mismatch. */
export async function unlockMasterKey(
  password: string,
  f: { userSalt: Uint8Array; checksumSalt: Uint8Array; userIv: Uint8Array; blob: Uint8Array; rounds: number; version: number },
  file?: string,
): Promise<{ key: Uint8Array; iv: Uint8Array }> {
  const bad = (cause?: unknown) => new SpyglassError("E_BAD_PASSWORD", "wrong Android backup password", cause === undefined ? { file } : { file, cause });
  const userKey = await pbkdf2(new TextEncoder().encode(password), f.userSalt, f.rounds);
  let blob: Uint8Array;
  try {
    const k = await crypto.subtle.importKey("raw", userKey, "AES-CBC", false, ["decrypt"]);
    blob = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-CBC", iv: bs(f.userIv) }, k, bs(f.blob)));
  } catch (err) {
    throw bad(err); // bad PKCS#7 padding: almost always a wrong password
  }
  const parts: Uint8Array[] = [];
  for (let at = 0, i = 0; i < 3; i++) {
    const len = blob[at];
    if (len === undefined || at + 1 + len > blob.length) throw bad();
    parts.push(blob.subarray(at + 1, at + 1 + len));
    at += 1 + len;
  }
  const [iv, key, checksum] = parts as [Uint8Array, Uint8Array, Uint8Array];
  if (iv.length !== 16 || key.length !== 32) throw bad();
  const expected = await pbkdf2(f.version > 1 ? javaCharBytes(key) : key, f.checksumSalt, f.rounds);
  if (checksum.length !== expected.length || checksum.some((b, i) => b !== expected[i])) throw bad();
  return { key: key.slice(), iv: iv.slice() };
}

/**
 * Android (format ≥ 2) computes the checksum over the master key as a Java char[]: each byte is sign-extended to a
 * 16-bit char (≥ 0x80 → U+FF80–U+FFFF) and PBKDF2 hashes the chars' UTF-8, 3 bytes each for those. Version 1 used
 * the raw bytes.
 */
export function javaCharBytes(key: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const b of key) {
    if (b < 0x80) out.push(b);
    else out.push(0xef, 0x80 | (((0xff00 | b) >> 6) & 0x3f), 0x80 | (b & 0x3f));
  }
  return Uint8Array.from(out);
}

async function pbkdf2(secret: Uint8Array, salt: Uint8Array, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const base = await crypto.subtle.importKey("raw", bs(secret), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", salt: bs(salt), iterations, hash: "SHA-1" }, base, 256));
}

const bs = (u: Uint8Array): Uint8Array<ArrayBuffer> => u as Uint8Array<ArrayBuffer>;

/** The first n "\n"-terminated lines (as text, a trailing "\r" kept out) and where the payload starts; undefined if incomplete. */
function headerLines(data: Uint8Array, n: number): { texts: string[]; end: number } | undefined {
  const texts: string[] = [];
  let at = 0;
  while (texts.length < n) {
    const nl = data.indexOf(0x0a, at);
    if (nl < 0) return undefined;
    texts.push(latin1.decode(data.subarray(at, nl)).replace(/\r$/, ""));
    at = nl + 1;
  }
  return { texts, end: at };
}

function parseVersion(text: string): number | undefined {
  return /^\s*\+?\d{1,9}\s*$/.test(text) ? Number(text.trim()) : undefined;
}

function hex(text: string): Uint8Array | undefined {
  const t = text.trim();
  if (t.length === 0 || t.length % 2 !== 0 || t.length > 2 * AB_LIMITS.field || !/^[0-9a-fA-F]+$/.test(t)) return undefined;
  return Uint8Array.from(t.match(/../g)!, (h) => parseInt(h, 16));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** `first`, then the rest of the reader. */
function prepend(first: Uint8Array, reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  let sent = first.length === 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        if (!sent) {
          sent = true;
          return ctl.enqueue(first);
        }
        const r = await reader.read();
        if (r.done) ctl.close();
        else ctl.enqueue(r.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** Splits a stream's chunks into pieces of at most `size` bytes (before an inflater, to bound its output per write). */
function rechunk(size: number): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, ctl) {
      for (let i = 0; i < chunk.length; i += size) ctl.enqueue(chunk.subarray(i, Math.min(chunk.length, i + size)));
    },
  });
}

function dropFirst(s: ReadableStream<Uint8Array>, n: number): ReadableStream<Uint8Array> {
  let left = n;
  return s.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        if (left >= chunk.length) return void (left -= chunk.length);
        ctl.enqueue(left ? chunk.subarray(left) : chunk);
        left = 0;
      },
    }),
  );
}

/**
 * zlib-inflates when the header says so (32 KiB pieces, so one write expands by at most ~33 MB: a compression bomb
 * cannot balloon memory; the tar reader's total bound stops an endless one), and turns any stream error into a
 * SpyglassError naming the file.
 */
function inflate(s: ReadableStream<Uint8Array>, compressed: boolean, name: string): ReadableStream<Uint8Array> {
  const out = compressed ? inflateStream(s.pipeThrough(rechunk(32 * 1024)), "deflate") : s;
  const reader = out.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        try {
          const r = await reader.read();
          if (r.done) ctl.close();
          else ctl.enqueue(r.value);
        } catch (err) {
          if (err instanceof SpyglassError) throw err;
          const why = err instanceof Error ? err.message : String(err);
          throw new SpyglassError("E_CORRUPT", `the backup data is damaged or truncated (${compressed ? "zlib: " : ""}${why})`, { file: name, cause: err });
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
