/** The inflater that reads its input only as its output is read (Node's DecompressionStream alone reads all of it). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { deflateRawSync, deflateSync } from "node:zlib";
import { inflateStream } from "./inflate.ts";

function pieces(data: Uint8Array, size = 32 * 1024) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (seen.pulled >= data.length) return c.close();
        const p = data.subarray(seen.pulled, seen.pulled + size);
        seen.pulled += p.length;
        c.enqueue(p);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

async function all(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  const out: Uint8Array[] = [];
  for await (const c of s as unknown as AsyncIterable<Uint8Array>) out.push(c);
  return Buffer.concat(out);
}

test("inflateStream: the same bytes as zlib, both formats; input read only as output is asked for; cancel reaches the source", async () => {
  const plain = Buffer.concat([randomBytes(4 << 20), Buffer.alloc(4 << 20, 7)]);
  assert.ok((await all(inflateStream(pieces(deflateSync(plain)).stream, "deflate"))).equals(plain));
  assert.ok((await all(inflateStream(pieces(deflateRawSync(plain)).stream, "deflate-raw"))).equals(plain));
  const { stream, seen } = pieces(deflateSync(plain, { level: 1 }));
  const reader = inflateStream(stream, "deflate").getReader();
  await reader.read();
  await new Promise((r) => setTimeout(r, 100)); // nothing reads ahead in the background either
  assert.ok(seen.pulled <= 2 * 32 * 1024, `${seen.pulled} bytes read for the first output`);
  await reader.cancel();
  assert.equal(seen.cancelled, true);
  await assert.rejects(all(inflateStream(pieces(Buffer.from("not deflate data")).stream, "deflate")));
});
