/** Identification of filesystem dumps: a folder, a wrapper folder, a tar, a tar.gz and a zip holding private/var. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { localDir, localFile } from "../node/fs-source.ts";
import { buildTar } from "../../test/builders/android.ts";
import { dumpTar, dumpTarGz, dumpZip, standardDump } from "../../test/builders/ios-fs.ts";
import { tempDir } from "../../test/helpers/tmp.ts";
import { identifyInput, refusal } from "./identify.ts";

test("a dump is identified in every form, with or without a wrapper folder; a tar without private/var is not a dump", async () => {
  const base = tempDir();
  const dump = standardDump(join(base, "wrapper", "dump"));
  const file = (name: string, data: Buffer) => (writeFileSync(join(base, name), data), localFile(join(base, name), join(base, name)));
  for (const input of [localDir(dump), localDir(join(base, "wrapper")), file("d.tar", dumpTar(dump)), file("d.tgz", dumpTarGz(dump, { wrapper: "x" })), file("d.zip", dumpZip(dump, { wrapper: "x" }))]) {
    assert.equal((await identifyInput(input)).kind, "ios-fs", input.path);
  }
  const other = buildTar([{ name: "notes/readme.txt", data: "hi" }]);
  assert.equal((await identifyInput(file("other.tar", other))).kind, "unknown");
  assert.equal((await identifyInput(file("other.tar.gz", gzipSync(other)))).kind, "unknown");
  mkdirSync(join(base, "empty-private", "private"), { recursive: true });
  writeFileSync(join(base, "empty-private", "private", "x"), "");
  assert.equal((await identifyInput(localDir(join(base, "empty-private")))).kind, "unknown", "private/ without var/ is no dump");
});

test("the refusal names check-fs for a dump and says what a dump holds", async () => {
  const dump = standardDump(join(tempDir(), "dump"));
  const id = await identifyInput(localDir(dump));
  assert.equal(refusal(id, "ios-backup", [], "/x"), "/x: this is an iPhone filesystem dump, not an iPhone backup: use spyglass check-fs");
  assert.match(refusal({ kind: "unknown", what: "none of the inputs Spyglass reads" }, "ios-fs", [], "/y")!, /holds none of: a private\/var folder/);
});
