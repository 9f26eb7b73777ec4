/** The worker's in-memory results folder: bytes back exactly (past the move into Blobs), lines, and zip CRCs. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { memoryFile } from "../core/source.ts";
import { openZip } from "../formats/zip.ts";
import { crcOf, zipStore } from "../formats/zip-write.ts";
import { memoryOutputDir } from "./memory-output.ts";

test("memoryOutputDir: 40 MB of lines written in small and large pieces read back whole, by line, and zipped with the right CRC", async () => {
  const out = memoryOutputDir("results");
  const w = out.create("timeline.csv");
  const reused = new Uint8Array(400_000);
  for (let i = 0; i < 400_000; i++) {
    const line = `2021-01-01 00:00:${String(i % 60).padStart(2, "0")}.000000,SMS,é ${i}\n`;
    w.write(line);
    if (i % 100_000 === 99_999) {
      reused.fill(0x41); // a large piece whose buffer the writer reuses afterwards
      w.write(reused);
      reused.fill(0x42);
    }
  }
  await w.close();
  const v = out.create("verdict.json");
  v.write("{}");
  await v.close();
  const text = (await out.read("timeline.csv"))!;
  assert.ok(text.length > 16 << 20, "past the move into Blobs");
  assert.ok(!text.includes("B"), "the reused buffer was copied when written");
  const read: string[] = [];
  for await (const l of out.lines("timeline.csv")) read.push(l);
  const want = text.split("\n");
  if (text.endsWith("\n")) want.pop();
  assert.equal(read.length, want.length);
  assert.ok(read.every((l, i) => l === want[i]), "every line as written");
  assert.deepEqual(await out.list(), ["timeline.csv", "verdict.json"]);
  const whole = new TextEncoder().encode(text);
  const [entry] = out.entries();
  assert.deepEqual({ size: entry!.size, crc: entry!.crc }, crcOf([whole]));
  const zip = new Uint8Array(await new Blob(zipStore(out.entries(), new Date(0)) as BlobPart[]).arrayBuffer());
  const z = await openZip(memoryFile("r.zip", zip));
  assert.deepEqual(await z.bytes(z.entries[0]!), whole);
  assert.equal(new TextDecoder().decode(await z.bytes(z.entries[1]!)), "{}");
});
