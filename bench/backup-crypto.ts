/**
 * node --expose-gc --import tsx bench/backup-crypto.ts [--iterations N] [--mb M]: encrypted-backup crypto, WebCrypto (ours,
 * browser-safe) next to node:crypto in one run — PBKDF2-HMAC-SHA256 × 10,000,000 (the DPIC of iOS ≥ 10.2 backups)
 * and AES-256-CBC decryption of 200 MB (stream, in-memory, one-shot subtle, createDecipheriv).
 */
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from "node:crypto";
import { decryptFileBytes, decryptFileStream, decryptFileStreamWith } from "../src/formats/backup-crypto.ts";
import { nodeHost } from "../src/node/host.ts";

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const iterations = arg("--iterations", 10_000_000);
const mb = arg("--mb", 200);
const PIECE = 64 * 1024; // what a Node file stream or a Blob stream hands out

const time = async (fn: () => unknown): Promise<number> => {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
};
const row = (what: string, ours: string, node: string) => console.log(`${what.padEnd(34)} ${ours.padStart(22)} ${node.padStart(22)}`);

console.log(`Node ${process.version}, ${(await import("node:os")).cpus().length} CPUs`);
row("", "WebCrypto (ours)", "node:crypto");

// ---- PBKDF2
const password = new TextEncoder().encode("correct horse battery staple");
const salt = randomBytes(20);
const subtleS = await time(async () => {
  const base = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
  await crypto.subtle.deriveBits({ name: "PBKDF2", salt, iterations, hash: "SHA-256" }, base, 256);
});
const nodeS = await time(() => pbkdf2Sync(password, salt, iterations, 32, "sha256"));
row(`PBKDF2-SHA256 × ${iterations.toLocaleString("en")}`, `${subtleS.toFixed(2)} s`, `${nodeS.toFixed(2)} s`);

// ---- AES-256-CBC
const key = randomBytes(32);
const size = mb * 1e6;
const cipher = createCipheriv("aes-256-cbc", key, Buffer.alloc(16));
const ct = Buffer.concat([cipher.update(Buffer.alloc(size, 0x5a)), cipher.final()]);
const pieces = (): ReadableStream<Uint8Array> => {
  let at = 0;
  return new ReadableStream({
    pull(ctl) {
      if (at >= ct.length) return ctl.close();
      ctl.enqueue(ct.subarray(at, (at += PIECE)));
    },
  });
};
const mbps = (s: number) => `${(size / 1e6 / s).toFixed(0)} MB/s (${s.toFixed(2)} s)`;

let out = 0;
(globalThis as { gc?: () => void }).gc?.(); // run with --expose-gc for a clean baseline
const rss0 = process.memoryUsage.rss();
let peak = rss0;
const streamS = await time(async () => {
  for await (const c of decryptFileStream(pieces(), key, size) as unknown as AsyncIterable<Uint8Array>) {
    out += c.length;
    peak = Math.max(peak, process.memoryUsage.rss());
  }
});
if (out !== size) throw new Error(`stream produced ${out} bytes, expected ${size}`);
const nodeStreamS = await time(async () => {
  const d = createDecipheriv("aes-256-cbc", key, Buffer.alloc(16));
  let n = 0;
  for (let at = 0; at < ct.length; at += PIECE) n += d.update(ct.subarray(at, at + PIECE)).length;
  n += d.final().length;
  if (n !== size) throw new Error("node decipher size");
});
row(`AES-CBC ${mb} MB, ${PIECE / 1024} KiB stream`, mbps(streamS), mbps(nodeStreamS));
// What check-backup uses under Node: the core's stream decryption with the Node host's native CBC capability.
const hostStreamS = await time(async () => {
  let n = 0;
  for await (const c of decryptFileStreamWith(nodeHost.aesCbcDecryptor!, pieces(), key, size) as unknown as AsyncIterable<Uint8Array>) n += c.length;
  if (n !== size) throw new Error(`host stream produced ${n} bytes`);
});
row(`  same, through the Node host (CLI)`, mbps(hostStreamS), mbps(nodeStreamS));
const bytesS = await time(async () => {
  if ((await decryptFileBytes(ct, key, size)).length !== size) throw new Error("bytes size");
});
const nodeBytesS = await time(() => Buffer.concat([createDecipheriv("aes-256-cbc", key, Buffer.alloc(16)).update(ct)]));
row(`AES-CBC ${mb} MB, in memory`, mbps(bytesS), mbps(nodeBytesS));
const oneShotS = await time(async () => crypto.subtle.decrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, await crypto.subtle.importKey("raw", key, "AES-CBC", false, ["decrypt"]), ct));
row(`AES-CBC ${mb} MB, subtle one-shot`, mbps(oneShotS), "");
const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
console.log(`stream decrypt: RSS ${mib(rss0)} before (incl. the bench's ${mb} MB ciphertext), peak ${mib(peak)} (+${mib(peak - rss0)})`);
