/** Datausage on a filesystem dump: MVT's fs-only check for processes whose binary is nowhere in the dump. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import datausage from "./datausage.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { runFolderModule } from "../../../test/helpers/run-module.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosFsBuilder, PLANTED, standardDump } from "../../../test/builders/ios-fs.ts";
import { buildDataUsageDb } from "../../../test/builders/ios/datausage.ts";

const medium = (r: { alerts: { level: string; message: string }[] }) => r.alerts.filter((a) => a.level === "MEDIUM").map((a) => a.message);

test("Datausage on a dump: a process with no bundle id and no binary anywhere → MEDIUM; present binaries and bundled apps → nothing", async () => {
  const spy = await runFsModule(datausage, standardDump(join(tempDir(), "spy"), { spyware: true }));
  assert.equal(spy.records.length, 5);
  // fservernetd is only a folder name in this dump, not a file: MVT looks for files.
  assert.deepEqual(medium(spy), [`Could not find the binary associated with the process with name ${PLANTED.process}`]);
  const clean = await runFsModule(datausage, standardDump(join(tempDir(), "clean")));
  assert.deepEqual(medium(clean), [], "mDNSResponder and nsurlsessiond are in usr/");
});

test("Datausage on a dump: a nameless process and a 16-character name (maybe truncated) are told apart; a backup-like input runs no such check", async () => {
  const b = new IosFsBuilder(join(tempDir(), "dump"));
  const db = "private/var/wireless/Library/Databases/DataUsage.sqlite";
  b.sqlite(db, (d) =>
    buildDataUsageDb(d, [
      { pk: 1, name: null, first: "2024-01-10 08:00:00" },
      { pk: 2, name: "com.apple.Safari", first: "2024-01-10 08:00:00" },
      { pk: 3, name: "com.apple.Safari", first: "2024-01-11 08:00:00" },
    ], [{ pk: 1, proc: 1, time: "2024-01-10 08:00:00" }]),
  );
  const dir = b.finish();
  const run = await runFsModule(datausage, dir);
  assert.deepEqual(medium(run), [
    "Found process entry with empty 'proc_name': 1 at 2024-01-10 08:00:00.000000",
    "Could not find the binary associated with the process with name com.apple.Safari (However, the process name might have been truncated in the database)",
  ]);
  // The same database read by an input that cannot list the whole tree: no fs check.
  assert.deepEqual(medium(await runFolderModule(datausage, dir, "ios-fs")), []);
});
