/**
 * Android evidence made in code, with node:zlib and node:crypto so the readers (WebCrypto, DecompressionStream, our
 * own CRC-32 and parsers) are checked against independent implementations: zips with chosen members (hostile ones
 * too: traversal names, symlinks, lying sizes, bombs, ZIP64 records, truncation), tars (USTAR, pax, GNU long names),
 * and Android backups (.ab: plain, compressed, encrypted as Android's BackupManagerService writes them).
 */
import { createCipheriv, pbkdf2Sync, randomBytes } from "node:crypto";
import { crc32, deflateRawSync, deflateSync } from "node:zlib";

// ---------------------------------------------------------------- zip

export interface ZipMemberSpec {
  /** Stored exactly as given (may be hostile: "../x", "/abs", "a\\..\\b", "a\0b"). */
  readonly name: string;
  readonly data?: string | Uint8Array;
  /** Default "deflate" for files. */
  readonly method?: "store" | "deflate";
  /** zlib level for deflate (1 compresses a run of one byte 229:1, under the reader's bomb ratio; the default ~1030:1). */
  readonly level?: number;
  /** A raw method number to write instead (e.g. 12 = bzip2), data stored as given. */
  readonly methodCode?: number;
  /** Lies written into the headers. */
  readonly declaredSize?: number;
  readonly declaredCrc?: number;
  readonly symlink?: boolean;
  readonly encryptedFlag?: boolean;
  readonly utf8Flag?: boolean;
  /** Raw name bytes (for CP437 names); `name` is then ignored. */
  readonly rawName?: Uint8Array;
  readonly mtime?: Date;
}

export interface ZipOptions {
  /** Write ZIP64 extra fields and end records even though sizes are small. */
  readonly zip64?: boolean;
  readonly comment?: string;
  /** Bytes before the archive (a self-extractor stub). */
  readonly prepend?: Uint8Array;
}

const bytesOf = (d: string | Uint8Array | undefined): Buffer => (d === undefined ? Buffer.alloc(0) : typeof d === "string" ? Buffer.from(d, "utf8") : Buffer.from(d));

function dos(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** A zip archive with exactly these members, in this order. */
export function buildZip(members: readonly ZipMemberSpec[], opts: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0; // offsets relative to the archive's own start, as an unadjusted self-extractor has them
  for (const m of members) {
    const isDir = m.name.endsWith("/");
    const plain = bytesOf(m.data);
    const method = m.methodCode ?? (isDir || m.method === "store" ? 0 : 8);
    const body = method === 8 ? deflateRawSync(plain, m.level === undefined ? {} : { level: m.level }) : plain;
    const name = m.rawName ? Buffer.from(m.rawName) : Buffer.from(m.name, "utf8");
    const crc = m.declaredCrc ?? crc32(plain);
    const size = m.declaredSize ?? plain.length;
    const { time, date } = dos(m.mtime ?? new Date(Date.UTC(2023, 6, 24, 0, 38, 0)));
    const flags = (m.encryptedFlag ? 1 : 0) | (m.utf8Flag ? 0x800 : 0);
    // ZIP64 extra fields for every member when asked, and for a member whose (declared) size needs 64 bits.
    const wide = opts.zip64 || size > 0xffffffff;
    const z64 = wide ? Buffer.alloc(4 + 24) : Buffer.alloc(0);
    if (wide) {
      z64.writeUInt16LE(0x0001, 0);
      z64.writeUInt16LE(24, 2);
      z64.writeBigUInt64LE(BigInt(size), 4);
      z64.writeBigUInt64LE(BigInt(body.length), 12);
      z64.writeBigUInt64LE(BigInt(offset), 20);
    }
    const sat = (v: number) => (wide ? 0xffffffff : v);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(wide ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(sat(body.length), 18);
    local.writeUInt32LE(sat(size), 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(z64.length ? 20 : 0, 28);
    const localExtra = z64.length ? Buffer.from(z64.subarray(0, 20)) : Buffer.alloc(0);
    if (z64.length) localExtra.writeUInt16LE(16, 2);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 45, 4); // made by Unix, so the mode bits (symlinks) count
    central.writeUInt16LE(wide ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(sat(body.length), 20);
    central.writeUInt32LE(sat(size), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(z64.length, 30);
    const mode = m.symlink ? 0o120777 : isDir ? 0o040755 : 0o100644;
    central.writeUInt32LE(((mode << 16) | (isDir ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(sat(offset), 42);
    const localRec = Buffer.concat([local, name, localExtra, body]);
    locals.push(localRec);
    centrals.push(Buffer.concat([central, name, z64]));
    offset += localRec.length;
  }
  const cd = Buffer.concat(centrals);
  const cdOffset = offset;
  const tail: Buffer[] = [];
  if (opts.zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(members.length), 24);
    rec.writeBigUInt64LE(BigInt(members.length), 32);
    rec.writeBigUInt64LE(BigInt(cd.length), 40);
    rec.writeBigUInt64LE(BigInt(cdOffset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(cdOffset + cd.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
  }
  const comment = Buffer.from(opts.comment ?? "", "utf8");
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(opts.zip64 ? 0xffff : members.length, 8);
  eocd.writeUInt16LE(opts.zip64 ? 0xffff : members.length, 10);
  eocd.writeUInt32LE(opts.zip64 ? 0xffffffff : cd.length, 12);
  eocd.writeUInt32LE(opts.zip64 ? 0xffffffff : cdOffset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([Buffer.from(opts.prepend ?? []), ...locals, cd, ...tail, eocd, comment]);
}

// ---------------------------------------------------------------- tar

export interface TarMemberSpec {
  readonly name: string;
  readonly data?: string | Uint8Array;
  readonly type?: "file" | "dir" | "symlink" | "hardlink" | "fifo";
  readonly linkname?: string;
  /** Put the name in a pax extended header (also used automatically for names USTAR cannot hold). */
  readonly pax?: boolean;
  /** Put the name in a GNU ././@LongLink record. */
  readonly gnuLongName?: boolean;
  /** Write the size field in GNU base-256. */
  readonly base256Size?: boolean;
  readonly mtime?: number;
}

function tarHeader(name: string, size: number, type: string, opts: { mtime?: number; linkname?: string; prefix?: string; base256?: boolean } = {}): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, "utf8");
  h.write("0000644\0", 100);
  h.write("0001750\0", 108);
  h.write("0001750\0", 116);
  if (opts.base256) {
    h[124] = 0x80;
    h.writeUIntBE(size, 124 + 12 - 6, 6);
  } else h.write(size.toString(8).padStart(11, "0") + "\0", 124);
  h.write((opts.mtime ?? 1_700_000_000).toString(8).padStart(11, "0") + "\0", 136);
  h.write(type, 156);
  if (opts.linkname) h.write(opts.linkname, 157, 100);
  h.write("ustar\0" + "00", 257, "latin1");
  if (opts.prefix) h.write(opts.prefix, 345, 155);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
  return h;
}

const pad512 = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return `${len}${body}`;
}

/** A tar with these members; `endBlocks: false` leaves out the two zero blocks (as some writers do). */
export function buildTar(members: readonly TarMemberSpec[], opts: { endBlocks?: boolean } = {}): Buffer {
  const out: Buffer[] = [];
  for (const m of members) {
    const data = bytesOf(m.data);
    const type = { file: "0", dir: "5", symlink: "2", hardlink: "1", fifo: "6" }[m.type ?? "file"];
    const size = m.type === undefined || m.type === "file" ? data.length : 0;
    const nameBytes = Buffer.byteLength(m.name);
    let name = m.name;
    let prefix: string | undefined;
    if (m.gnuLongName) {
      const long = Buffer.from(m.name + "\0");
      out.push(tarHeader("././@LongLink", long.length, "L"), pad512(long));
      name = m.name.slice(0, 99);
    } else if (m.pax || nameBytes > 255) {
      const rec = Buffer.from(paxRecord("path", m.name));
      out.push(tarHeader(`PaxHeaders/${m.name.slice(0, 50)}`, rec.length, "x"), pad512(rec));
      name = m.name.slice(0, 99);
    } else if (nameBytes > 100) {
      const cut = m.name.lastIndexOf("/", 155);
      prefix = m.name.slice(0, cut);
      name = m.name.slice(cut + 1);
    }
    out.push(tarHeader(name, size, type!, { ...(m.mtime !== undefined ? { mtime: m.mtime } : {}), ...(m.linkname ? { linkname: m.linkname } : {}), ...(prefix ? { prefix } : {}), ...(m.base256Size ? { base256: true } : {}) }));
    if (size) out.push(pad512(data));
  }
  if (opts.endBlocks !== false) out.push(Buffer.alloc(1024));
  return Buffer.concat(out);
}

// ---------------------------------------------------------------- Android backup (.ab)

export interface AbSpec {
  readonly version?: number;
  readonly compressed?: boolean;
  /** Encrypt (AES-256) with this password. */
  readonly password?: string;
  /** Android uses 10,000; tests use fewer to stay fast. */
  readonly rounds?: number;
  /** Fixed master key (e.g. with bytes ≥ 0x80, to exercise the Java char quirk). */
  readonly masterKey?: Uint8Array;
}

/**
 * The checksum input Android (format ≥ 2) feeds PBKDF2: the master key as a Java char[] (each byte sign-extended to
 * a 16-bit char) encoded as UTF-8 — written here literally with JavaScript strings, unlike the reader's byte rule.
 */
function javaCharsUtf8(key: Uint8Array): Buffer {
  return Buffer.from(String.fromCharCode(...Array.from(key, (b) => ((b << 24) >> 24) & 0xffff)), "utf8");
}

/** An .ab file around a tar, as `adb backup` writes it. */
export function buildAb(tar: Uint8Array, spec: AbSpec = {}): Buffer {
  const version = spec.version ?? 5;
  const compressed = spec.compressed ?? true;
  let payload: Buffer = compressed ? deflateSync(tar) : Buffer.from(tar);
  if (spec.password === undefined) return Buffer.concat([Buffer.from(`ANDROID BACKUP\n${version}\n${compressed ? 1 : 0}\nnone\n`), payload]);
  const rounds = spec.rounds ?? 1000;
  const userSalt = randomBytes(64);
  const checksumSalt = randomBytes(64);
  const userIv = randomBytes(16);
  const masterKey = Buffer.from(spec.masterKey ?? randomBytes(32));
  const masterIv = randomBytes(16);
  const userKey = pbkdf2Sync(Buffer.from(spec.password, "utf8"), userSalt, rounds, 32, "sha1");
  const checksum = pbkdf2Sync(version > 1 ? javaCharsUtf8(masterKey) : masterKey, checksumSalt, rounds, 32, "sha1");
  const blob = Buffer.concat([Buffer.from([16]), masterIv, Buffer.from([32]), masterKey, Buffer.from([32]), checksum]);
  const c1 = createCipheriv("aes-256-cbc", userKey, userIv);
  const encBlob = Buffer.concat([c1.update(blob), c1.final()]);
  const c2 = createCipheriv("aes-256-cbc", masterKey, masterIv);
  payload = Buffer.concat([c2.update(payload), c2.final()]);
  const hex = (b: Buffer) => b.toString("hex").toUpperCase();
  const header = `ANDROID BACKUP\n${version}\n${compressed ? 1 : 0}\nAES-256\n${hex(userSalt)}\n${hex(checksumSalt)}\n${rounds}\n${hex(userIv)}\n${hex(encBlob)}\n`;
  return Buffer.concat([Buffer.from(header), payload]);
}

/** An SMS/MMS backup member (`…/d_f/000000_sms_backup`): a zlib-compressed JSON list, as Android's telephony provider writes it. */
export function telephonyBackup(records: readonly Record<string, unknown>[]): Buffer {
  return deflateSync(Buffer.from(JSON.stringify(records)));
}
