import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localDir } from "./fs-source.ts";
import { STAT_BATCH_MIN } from "./stat-pool.ts";
import { tempDir } from "../../test/helpers/tmp.ts";

test("a folder of evidence never leaves its root: no '..', no absolute paths, no symbolic links followed", async () => {
  const outside = tempDir();
  writeFileSync(join(outside, "secret.txt"), "not evidence");
  const root = tempDir();
  mkdirSync(join(root, "sub"));
  writeFileSync(join(root, "sub", "a.txt"), "evidence");
  symlinkSync(join(outside, "secret.txt"), join(root, "link.txt"));
  symlinkSync(outside, join(root, "linkdir"));
  const dir = localDir(root);
  assert.equal(new TextDecoder().decode(await (await dir.file("sub/a.txt"))!.bytes()), "evidence");
  assert.equal(await dir.file("../" + outside.split("/").pop() + "/secret.txt"), undefined);
  assert.equal(await dir.file(join(outside, "secret.txt")), undefined);
  assert.equal(await dir.file("link.txt"), undefined);
  assert.equal(await dir.dir("linkdir"), undefined);
  assert.equal(await dir.file("linkdir/secret.txt"), undefined, "not through a linked folder either");
  assert.deepEqual((await dir.list()).map((e) => e.name), ["sub"]);
  const f = (await dir.file("sub/a.txt"))!;
  assert.equal(new TextDecoder().decode(await f.slice(2, 5)), "ide");
});

test("a folder's file sizes and times at once (on the stat threads past STAT_BATCH_MIN files) are what `file` gives", async () => {
  const outside = tempDir();
  writeFileSync(join(outside, "secret.txt"), "not evidence");
  const root = tempDir();
  const names: string[] = [];
  for (let i = 0; i < STAT_BATCH_MIN + 45; i++) {
    names.push(`f${i}.dat`);
    writeFileSync(join(root, `f${i}.dat`), "x".repeat(i));
    utimesSync(join(root, `f${i}.dat`), 1_700_000_000 + i / 8, 1_700_000_000 + i + 0.25);
  }
  mkdirSync(join(root, "sub"));
  symlinkSync(join(outside, "secret.txt"), join(root, "link.txt"));
  // A name that is not UTF-8: listed escaped, reached through a descriptor (raw-names.ts).
  writeFileSync(Buffer.concat([Buffer.from(root + "/bad-"), Buffer.from([0xff]), Buffer.from(".dat")]), "raw");
  const listed = (await localDir(root).list()).map((e) => e.name);
  assert.ok(listed.includes("bad-\\xff.dat"));
  names.push("bad-\\xff.dat");
  // Not files of this folder: a folder, a link, a missing name, and names that would lead elsewhere.
  const others = ["sub", "link.txt", "gone.dat", "../" + outside.split("/").pop() + "/secret.txt", "", ".", ".."];
  const dir = localDir(root);
  for (const batch of [names, [...others, ...names.slice(0, 3)], [...names.slice(0, 100), ...others, ...names.slice(100)]]) {
    const times = await dir.fileTimes!(batch);
    assert.equal(times.length, batch.length * 2);
    for (const [i, name] of batch.entries()) {
      const f = await dir.file(name);
      const expected = f && !others.includes(name) ? [f.size, f.mtime] : [NaN, NaN];
      assert.deepEqual([times[2 * i], times[2 * i + 1]], expected, name);
    }
  }
});
