/** The filesystem-dump input on each form (folder, wrapper folder, tar, zip, tar.gz): root, kept files, walk, reads. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { localDir, localFile } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import { declaredGlobs } from "../artifacts/select.ts";
import { dumpTar, dumpTarGz, dumpZip, standardDump } from "../../test/builders/ios-fs.ts";
import { tempDir } from "../../test/helpers/tmp.ts";
import { openIosFs, WALK_GLOB } from "./ios-fs.ts";

const GLOBS = declaredGlobs("ios-fs");
const SMS = "private/var/mobile/Library/SMS/sms.db";

function forms(): [string, SourceFile | SourceDir][] {
  const base = tempDir();
  const dump = standardDump(join(base, "dump"), { spyware: true });
  standardDump(join(base, "wrapper", "extraction"), { spyware: true });
  const write = (name: string, data: Buffer) => (writeFileSync(join(base, name), data), localFile(join(base, name), join(base, name)));
  return [
    ["folder", localDir(dump)],
    ["wrapper folder", localDir(join(base, "wrapper"))],
    ["tar", write("dump.tar", dumpTar(dump))],
    ["tar in a wrapper folder", write("wrapped.tar", dumpTar(dump, { wrapper: "filesystem1" }))],
    ["zip", write("dump.zip", dumpZip(dump))],
    ["tar.gz", write("dump.tar.gz", dumpTarGz(dump, { wrapper: "filesystem1" }))],
  ];
}

for (const [form, input] of forms()) {
  test(`ios-fs ${form}: the modules' files kept, SQLite read, the whole tree walked`, async () => {
    const fs = await openIosFs(input, nodeHost, { globs: GLOBS });
    try {
      assert.deepEqual(fs.warnings, []);
      assert.ok(fs.kept.includes(SMS), fs.kept.join("\n"));
      assert.ok(fs.kept.includes("private/var/wireless/Library/Databases/DataUsage.sqlite"));
      assert.ok(fs.kept.some((k) => k.endsWith("/iTunesMetadata.plist")));
      assert.ok(!fs.kept.some((k) => k.startsWith("usr/")), "only what modules declared is kept");
      const sms: SourceFile[] = [];
      for await (const f of fs.select({ from: "ios-fs", glob: "private/var/mobile/Library/SMS/*.db" })) sms.push(f);
      assert.deepEqual(sms.map((f) => f.path), [SMS]);
      const db = await nodeHost.sqlite(sms[0]!);
      assert.equal([...db.rows("SELECT COUNT(*) AS n FROM message")][0]!.n, 3);
      db.close();
      const walked: string[] = [];
      for await (const e of fs.listing.entries()) walked.push(`${e.kind} ${e.path} ${e.mtime}`);
      assert.ok(walked.includes(`file ${SMS} 1706788800`), walked.slice(0, 5).join("\n"));
      assert.ok(walked.includes("dir private/var/db 1706788800"));
      assert.ok(!walked.some((w) => / (filesystem1|extraction)/.test(w)), "paths are relative to the root that holds private/var");
      const walk: SourceFile[] = [];
      for await (const f of fs.select({ from: "ios-fs", glob: WALK_GLOB })) walk.push(f);
      assert.equal(walk.length, 1);
    } finally {
      fs.close();
    }
  });
}

test("a dump's tar is bound by the dump's own entry limit, not by the header count of a tar inside an Android backup", async () => {
  const { TAR_LIMITS } = await import("../formats/tar.ts");
  const base = tempDir();
  const tar = join(base, "dump.tar");
  writeFileSync(tar, dumpTar(standardDump(join(base, "dump"))));
  const saved = TAR_LIMITS.entries;
  (TAR_LIMITS as { entries: number }).entries = 20; // as if a dump held more headers than an .ab's tar may
  try {
    const fs = await openIosFs(localFile(tar, tar), nodeHost, { globs: GLOBS });
    let n = 0;
    for await (const _ of fs.listing.entries()) n++;
    assert.deepEqual(fs.warnings, []);
    assert.ok(n > 20, `${n} entries`);
    fs.close();
  } finally {
    (TAR_LIMITS as { entries: number }).entries = saved;
  }
});
