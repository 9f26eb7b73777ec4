import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localDir } from "./fs-source.ts";
import type { SourceDir } from "../core/source.ts";
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

test("a folder listed with its sizes and times at once (on the listing threads, or here) is what `list`, `file` and `dir` give", async () => {
  const outside = tempDir();
  writeFileSync(join(outside, "secret.txt"), "not evidence");
  const root = tempDir();
  for (let i = 0; i < 300; i++) {
    writeFileSync(join(root, `f${i}.dat`), "x".repeat(i));
    utimesSync(join(root, `f${i}.dat`), 1_700_000_000 + i / 8, 1_700_000_000 + i + 0.25);
  }
  mkdirSync(join(root, "sub"));
  utimesSync(join(root, "sub"), 1_600_000_000, 1_600_000_000.5);
  symlinkSync(join(outside, "secret.txt"), join(root, "link.txt"));
  symlinkSync(outside, join(root, "linkdir"));
  const expected = async (dir: SourceDir) => {
    const listed = await dir.list();
    const times: number[] = [];
    for (const e of listed) {
      const found = e.kind === "dir" ? await dir.dir(e.name) : await dir.file(e.name);
      times.push(found && "size" in found ? found.size : 0, found!.mtime!);
    }
    return { listed, times };
  };
  const check = async (dir: SourceDir) => {
    for (const files of [true, false]) {
      const got = await dir.listTimed!(files);
      const want = await expected(dir);
      assert.deepEqual(got.listed, want.listed);
      const times = files ? want.times : want.times.map((t, k) => (got.listed[k >> 1]!.kind === "file" ? NaN : t));
      assert.deepEqual([...got.times], times);
      for (const [i, e] of got.listed.entries()) if (e.kind === "dir") assert.deepEqual([got.sub(i).path, got.sub(i).mtime], [(await dir.dir(e.name))!.path, times[2 * i + 1]]);
    }
  };
  await check(localDir(root));
  // A name that is not UTF-8: the folder is listed the slow way, the name escaped and reached through a descriptor.
  writeFileSync(Buffer.concat([Buffer.from(root + "/bad-"), Buffer.from([0xff]), Buffer.from(".dat")]), "raw");
  assert.ok((await localDir(root).list()).some((e) => e.name === "bad-\\xff.dat"));
  await check(localDir(root));
});

test("what one walk listed ahead is never another's: a folder changed between two walks is listed as it is now", async () => {
  const root = tempDir();
  mkdirSync(join(root, "a/b"), { recursive: true });
  writeFileSync(join(root, "a/b/old.txt"), "x");
  const names = async () => {
    const dir = localDir(root);
    const top = await dir.listTimed!(true);
    const a = await top.sub(top.listed.findIndex((e) => e.name === "a")).listTimed!(true);
    const b = await a.sub(a.listed.findIndex((e) => e.name === "b")).listTimed!(true);
    return b.listed.map((e) => e.name);
  };
  assert.deepEqual(await names(), ["old.txt"]);
  // A walk that stops at the top (its sub-folders were listed ahead with it, and never taken).
  assert.deepEqual((await localDir(root).listTimed!(true)).listed.map((e) => e.name), ["a"]);
  writeFileSync(join(root, "a/b/new.txt"), "y");
  assert.deepEqual((await localDir(join(root, "a/b")).listTimed!(true)).listed.map((e) => e.name), ["new.txt", "old.txt"]);
  assert.deepEqual(await names(), ["new.txt", "old.txt"]);
});
