import { test } from "node:test";
import assert from "node:assert/strict";
import webkitLocalStorage from "./webkit-local-storage.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { join } from "node:path";
import { IosFsBuilder } from "../../../test/builders/ios-fs.ts";
import { withFolderTimes } from "../../../test/builders/ios/folder-times.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const APPS = "private/var/mobile/Containers/Data/Application";
const A = `${APPS}/11111111-2222-4333-8444-555555555555/Library/WebKit/WebsiteData/LocalStorage`;
const B = `${APPS}/66666666-7777-4888-9999-AAAAAAAAAAAA/Library/WebKit/WebsiteData/LocalStorage`;

/** Local Storage as WebKit writes it: one SQLite file per origin, with its -shm/-wal sidecars, beside StorageTracker.db. */
function dump(): string {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.file(`${A}/https_www.example.org_0.localstorage`, "SQLite format 3\0");
  d.file(`${A}/https_www.example.org_0.localstorage-wal`, "");
  d.file(`${A}/StorageTracker.db`, "SQLite format 3\0");
  d.file(`${B}/http_news.example.net_0.localstorage`, "SQLite format 3\0");
  return withFolderTimes(d, { [A]: "2024-05-06 07:08:09", [B]: "2023-01-02 03:04:05" });
}

test("every entry named after an origin is a record (sidecars too, as MVT lists names), per LocalStorage folder with its mtime", async () => {
  const run = await runFsModule(webkitLocalStorage, dump());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records, [
    { folder: A, url: "https://www.example.org", isodate: "2024-05-06 07:08:09.000000" },
    { folder: A, url: "https://www.example.org", isodate: "2024-05-06 07:08:09.000000" },
    { folder: B, url: "http://news.example.net", isodate: "2023-01-02 03:04:05.000000" },
  ]);
  // The two entries of one origin give one timeline row (MVT removes duplicate events).
  assert.deepEqual(run.timeline.map((e) => [e.event, e.data]).sort(), [
    ["webkit_local_storage", `WebKit Local Storage folder ${A} containing file for URL https://www.example.org`],
    ["webkit_local_storage", `WebKit Local Storage folder ${B} containing file for URL http://news.example.net`],
  ]);
});

test("test.stix2: each record of a known domain → CRITICAL", async () => {
  const run = await runFsModule(webkitLocalStorage, dump(), testIocs());
  assert.deepEqual(run.alerts.map((a) => [a.level, a.module, a.matched_indicator?.value]), [
    ["CRITICAL", "webkit_local_storage", "example.org"],
    ["CRITICAL", "webkit_local_storage", "example.org"],
  ]);
});
