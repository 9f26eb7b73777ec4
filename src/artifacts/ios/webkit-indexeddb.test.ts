import { test } from "node:test";
import assert from "node:assert/strict";
import webkitIndexedDB from "./webkit-indexeddb.ts";
import { originUrl } from "../_shared/webkit-folders.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { join } from "node:path";
import { IosFsBuilder, dumpTar, dumpTarGz, dumpZip } from "../../../test/builders/ios-fs.ts";
import { writeFileSync } from "node:fs";
import { localFile } from "../../node/fs-source.ts";
import { withFolderTimes } from "../../../test/builders/ios/folder-times.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const APP = "private/var/mobile/Containers/Data/Application/3F2E1D0C-9B8A-4766-8554-433221100FFE";
const IDB = `${APP}/Library/WebKit/WebsiteData/IndexedDB`;

/** IndexedDB as WebKit lays it out: one folder per origin, a hashed database folder inside with IndexedDB.sqlite3 (+ WAL). */
function dump(): string {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  for (const origin of ["https_www.example.org_0", "https_mail.example.net_0", "http_example.com_8080"]) {
    d.file(`${IDB}/${origin}/7A5D3C1E9B/IndexedDB.sqlite3`, "SQLite format 3\0");
    d.file(`${IDB}/${origin}/7A5D3C1E9B/IndexedDB.sqlite3-wal`, "");
  }
  d.file(`${IDB}/v1/salt`, "not an origin");
  return withFolderTimes(d, { [IDB]: "2024-02-03 04:05:06" });
}

test("one record per origin folder (however many files it holds), URL from its name, isodate = the IndexedDB folder's mtime", async () => {
  const run = await runFsModule(webkitIndexedDB, dump());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records.map((r) => r.url).sort(), ["http://example.com", "https://mail.example.net", "https://www.example.org"]);
  for (const r of run.records) assert.deepEqual(Object.keys(r), ["folder", "url", "isodate"]);
  assert.deepEqual(new Set(run.records.map((r) => `${r.folder}|${r.isodate}`)), new Set([`${IDB}|2024-02-03 04:05:06.000000`]));
  const event = run.timeline.find((e) => e.data.endsWith("https://www.example.org"))!;
  assert.deepEqual([event.timestamp, event.event, event.data], ["2024-02-03 04:05:06.000000", "webkit_indexeddb", `IndexedDB folder ${IDB} containing file for URL https://www.example.org`]);
});

test("test.stix2: an origin on a known domain → CRITICAL; the others are no alert", async () => {
  const run = await runFsModule(webkitIndexedDB, dump(), testIocs());
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as { url: string }).url, a.matched_indicator?.value]), [["CRITICAL", "https://www.example.org", "example.org"]]);
});

test("origin names as MVT reads them: every http_/https_ becomes a scheme, the rest is cut at the next '_'", () => {
  assert.equal(originUrl("https_www.example.org_0"), "https://www.example.org");
  assert.equal(originUrl("http_example.com_8080"), "http://example.com");
  assert.equal(originUrl("https_example.org_0.localstorage-wal"), "https://example.org");
  assert.equal(originUrl("httpfoo"), "httpfoo");
});

test("no IndexedDB folder, or one with no origin: nothing", async () => {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.file(`${IDB}/v1/salt`, "");
  const run = await runFsModule(webkitIndexedDB, d.finish());
  assert.deepEqual([run.records.length, run.warnings.length], [0, 0]);
});

test("the same dump as a tar, a zip and a tar.gz: the same origins, once each, with the folder's time from the archive", async () => {
  const dir = dump();
  const folder = (await runFsModule(webkitIndexedDB, dir)).records.map((r) => r.url).sort();
  const base = tempDir();
  for (const [name, data] of [["dump.tar", dumpTar(dir)], ["dump.zip", dumpZip(dir)], ["dump.tar.gz", dumpTarGz(dir, { wrapper: "fs1" })]] as const) {
    writeFileSync(join(base, name), data);
    const run = await runFsModule(webkitIndexedDB, localFile(join(base, name), name));
    assert.deepEqual(run.records.map((r) => r.url).sort(), folder, name);
    assert.deepEqual(new Set(run.records.map((r) => `${r.folder}|${r.isodate}`)), new Set([`${IDB}|2024-02-03 04:05:06.000000`]), name);
    assert.deepEqual(run.warnings, [], name);
  }
});
