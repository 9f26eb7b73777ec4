import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listFolder, listTree } from "./folder-listing.ts";
import { TreeLister } from "./list-pool.ts";
import { tempDir } from "../../test/helpers/tmp.ts";

test("a listed tree: folders in the walk's order up to the budget, each as listFolder lists it; a folder holding a name that is not UTF-8 or not readable is not descended", () => {
  const root = tempDir();
  for (const d of ["a/b", "a/c", "d", "raw/under"]) mkdirSync(join(root, d), { recursive: true });
  for (const f of ["1.txt", "a/2.txt", "a/b/3.txt", "a/b/4.txt", "a/c/5.txt", "d/6.txt", "raw/under/7.txt"]) writeFileSync(join(root, f), f);
  writeFileSync(Buffer.concat([Buffer.from(join(root, "raw/bad-")), Buffer.from([0xff])]), "x");
  const whole = listTree(root, true, 1_000);
  assert.deepEqual(
    whole.map((f) => [f.path.slice(root.length), f.raw ?? false]),
    [["", false], ["/a", false], ["/a/b", false], ["/a/c", false], ["/d", false], ["/raw", true]],
  );
  for (const f of whole) if (f.out) assert.deepEqual(f.out, listFolder(f.path, true));
  // The budget: the first folder always, then sub-folders while fewer entries than it were listed.
  assert.deepEqual(listTree(root, true, 1).map((f) => f.path), [root]);
  assert.deepEqual(listTree(root, false, 8).map((f) => f.path.slice(root.length)), ["", "/a", "/a/b"]); // 4 + 3 entries, then 2
  const gone = listTree(join(root, "nothing"), true, 1_000);
  assert.equal(gone.length, 1);
  assert.match(gone[0]!.error!, /ENOENT/);
});

test("the listing threads: a folder listed there is what listFolder lists here; one not readable rejects with readdir's message", async () => {
  const root = tempDir();
  mkdirSync(join(root, "a"));
  writeFileSync(join(root, "a/1.txt"), "1");
  const lister = new TreeLister();
  assert.deepEqual(await lister.list(root, true), listFolder(root, true));
  assert.deepEqual(await lister.list(join(root, "a"), true), listFolder(join(root, "a"), true));
  await assert.rejects(new TreeLister().list(join(root, "nothing"), true), /ENOENT/);
});
