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

test("Datausage on a dump: a nameless process and a 16-character name (maybe truncated) are told apart, each row told as MVT does; a backup-like input runs no such check", async () => {
  const b = new IosFsBuilder(join(tempDir(), "dump"));
  const db = "private/var/wireless/Library/Databases/DataUsage.sqlite";
  b.sqlite(db, (d) =>
    buildDataUsageDb(d, [
      { pk: 1, name: null, first: "2024-01-10 08:00:00" },
      { pk: 2, name: "com.apple.Safari", first: "2024-01-10 08:00:00" },
      { pk: 3, name: "com.apple.Safari", first: "2024-01-11 08:00:00" },
    ], [
      { pk: 1, proc: 1, time: "2024-01-10 08:00:00" },
      { pk: 2, proc: 2, time: "2024-01-12 09:00:00" },
      { pk: 3, proc: 2, time: "2024-01-13 09:00:00" },
    ]),
  );
  const dir = b.finish();
  const run = await runFsModule(datausage, dir);
  // MVT alerts inside its loop over the rows (net_base.py _find_suspicious_processes): every row of a missing binary
  // is one alert at the row's live_isodate: process 2's two live-usage rows, and process 3 (no live usage: its first time).
  const cut = "Could not find the binary associated with the process with name com.apple.Safari (However, the process name might have been truncated in the database)";
  assert.deepEqual(run.alerts.filter((a) => a.level === "MEDIUM").map((a) => [a.message, a.event_time]), [
    ["Found process entry with empty 'proc_name': 1 at 2024-01-10 08:00:00.000000", "2024-01-10 08:00:00.000000"],
    [cut, "2024-01-12 09:00:00.000000"],
    [cut, "2024-01-13 09:00:00.000000"],
    [cut, "2024-01-11 08:00:00.250000"],
  ]);
  // The same database read by an input that cannot list the whole tree: no fs check.
  assert.deepEqual(medium(await runFolderModule(datausage, dir, "ios-fs")), []);
});

test("the missing-binary check answers the same from the input's name index and from a walk of the listing", async () => {
  const { flagMissingBinaries } = await import("../_shared/missing-binaries.ts");
  const files = ["usr/sbin/mDNSResponder", "private/var/db/fservernetd/payload"];
  const entries = async function* () {
    for (const path of files) yield { path, kind: "file" as const, mtime: 0 };
  };
  const records = ["mDNSResponder", "fservernetd", "bh"].map((proc_name) => ({ proc_name, bundle_id: null, live_proc_id: 1, live_isodate: "", first_isodate: "" }));
  const run = async (listing: { entries: typeof entries; hasFileName?: (n: string) => boolean }) => {
    const told: string[] = [];
    await flagMissingBinaries(records, { listing, alert: (f) => told.push(f.message) });
    return told;
  };
  const walked = await run({ entries });
  assert.deepEqual(walked, ["Could not find the binary associated with the process with name fservernetd", "Could not find the binary associated with the process with name bh"]);
  const { NameHashes } = await import("../../inputs/name-hashes.ts");
  const index = new NameHashes();
  for (const f of files) index.add(f.slice(f.lastIndexOf("/") + 1));
  assert.deepEqual(await run({ entries: async function* () {}, hasFileName: (n) => index.has(n) }), walked);
});
