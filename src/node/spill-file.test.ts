/** The Node scratch space's member files: a stream written to a private file in the scratch folder, read at random. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { nodeHost, type RunLocation } from "./host.ts";
import { isLocalFile } from "./fs-source.ts";

test("scratch.file: the stream lands in a 0600 file inside the scratch folder, reads back at random, and goes with dispose", async () => {
  const scratch = await nodeHost.scratch();
  const data = new Uint8Array(3 << 20).map((_, i) => (i * 31) % 251);
  const pieces = [data.subarray(0, 1), data.subarray(1, 1 << 20), data.subarray(1 << 20)];
  const stream = new ReadableStream<Uint8Array>({ pull: (c) => (pieces.length ? c.enqueue(pieces.shift()!) : c.close()) });
  const f = await scratch.file!("acq.zip/bugreport.zip", stream);
  assert.equal(f.path, "acq.zip/bugreport.zip");
  assert.equal(f.size, data.length);
  assert.deepEqual(await f.slice(2_000_000, 2_000_010), data.subarray(2_000_000, 2_000_010));
  assert.ok(isLocalFile(f));
  assert.equal(statSync(f.localPath).mode & 0o777, 0o600);
  const dir = dirname((((await scratch.spill("x")).location) as RunLocation).path);
  assert.equal(dirname(f.localPath), dir, "in the same folder as the scratch runs");
  assert.equal(readdirSync(dir).length, 2);
  await scratch.dispose();
  for (let i = 0; i < 100 && existsSync(dir); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(existsSync(dir), false, "removed with the scratch folder");
});
