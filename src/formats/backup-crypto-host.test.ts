import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, randomBytes } from "node:crypto";
import { decryptFileStream, decryptFileStreamWith } from "./backup-crypto.ts";
import { nodeHost } from "../node/host.ts";

const collect = async (s: ReadableStream<Uint8Array>) => {
  const parts: Uint8Array[] = [];
  for await (const c of s as unknown as AsyncIterable<Uint8Array>) parts.push(c);
  return Buffer.concat(parts);
};
/** A stream cut into awkward pieces (not block-aligned). */
const pieces = (data: Uint8Array, size: number) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let at = 0; at < data.length; at += size) c.enqueue(data.subarray(at, at + size));
      c.close();
    },
  });

test("the Node host's native CBC gives the same plaintext as WebCrypto, padding checked, size honoured", async () => {
  const key = randomBytes(32);
  for (const len of [0, 1, 15, 16, 17, 1000, 2 * 1024 * 1024 + 5]) {
    const plain = randomBytes(len);
    const c = createCipheriv("aes-256-cbc", key, Buffer.alloc(16));
    const ct = Buffer.concat([c.update(plain), c.final()]);
    const viaHost = await collect(decryptFileStreamWith(nodeHost.aesCbcDecryptor!, pieces(ct, 7777), key, len));
    const viaSubtle = await collect(decryptFileStream(pieces(ct, 7777), key, len));
    assert.deepEqual(viaHost, plain, `len ${len}`);
    assert.deepEqual(viaSubtle, plain, `len ${len}`);
  }
  const plain = randomBytes(100);
  const c = createCipheriv("aes-256-cbc", key, Buffer.alloc(16));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  assert.equal((await collect(decryptFileStreamWith(nodeHost.aesCbcDecryptor!, pieces(ct, 50), key, 40))).length, 40);
  const broken = Buffer.from(ct);
  broken[broken.length - 20]! ^= 0xff;
  await assert.rejects(collect(decryptFileStreamWith(nodeHost.aesCbcDecryptor!, pieces(broken, 64), key)), (e: Error & { code?: string }) => e.code === "E_CORRUPT");
  await assert.rejects(collect(decryptFileStreamWith(nodeHost.aesCbcDecryptor!, pieces(ct.subarray(0, 99), 64), key)), (e: Error & { code?: string }) => e.code === "E_CORRUPT");
});
