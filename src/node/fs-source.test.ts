import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localDir } from "./fs-source.ts";
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
