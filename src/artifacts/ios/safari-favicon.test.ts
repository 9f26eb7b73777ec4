import { test } from "node:test";
import assert from "node:assert/strict";
import safariFavicon from "./safari-favicon.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { join } from "node:path";
import { IosFsBuilder } from "../../../test/builders/ios-fs.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { buildFaviconsDb } from "../../../test/builders/ios/favicons.ts";

const SAFARI = "private/var/mobile/Library/Image Cache/Favicons/Favicons.db";
const APP = "private/var/mobile/Containers/Data/Application/0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D/Library/Image Cache/Favicons/Favicons.db";

function dump(): string {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.sqlite(SAFARI, (db) => buildFaviconsDb(db, [
    { page: "https://news.example.net/", icon: "https://news.example.net/favicon.ico", time: "2023-05-02 10:00:00" },
    { page: "https://shop.test/", icon: "https://cdn.example.org/icon.png", time: "2023-05-01 10:00:00" },
    { page: "https://tracker.test/x", icon: "https://tracker.test/favicon.ico", time: "2023-04-30 10:00:00", rejected: true },
  ]));
  d.sqlite(APP, (db) => buildFaviconsDb(db, [{ page: "http://example.com/thisisbad", icon: "http://example.com/favicon.ico", time: "2023-05-01 12:00:00" }], { noRejectedTable: true }));
  return d.finish();
}

test("valid (page ⋈ icon) and rejected icons of both databases in one list sorted by time, with the database's path", async () => {
  const run = await runFsModule(safariFavicon, dump());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records.map((r) => [r.url, r.type, r.isodate, r.safari_favicon_db_path]), [
    ["https://tracker.test/x", "rejected", "2023-04-30 10:00:00.500000", SAFARI],
    ["https://shop.test/", "valid", "2023-05-01 10:00:00.500000", SAFARI],
    ["http://example.com/thisisbad", "valid", "2023-05-01 12:00:00.500000", APP], // this database has no rejected_resources table
    ["https://news.example.net/", "valid", "2023-05-02 10:00:00.500000", SAFARI],
  ]);
  assert.equal(run.records[1].timestamp, 704628000.5);
  assert.deepEqual(Object.keys(run.records[0]), ["url", "icon_url", "timestamp", "isodate", "type", "safari_favicon_db_path"]);
  assert.equal(run.timeline[0]!.data, "Safari favicon from https://tracker.test/x with icon URL https://tracker.test/favicon.ico (rejected)");
  assert.equal(run.timeline[0]!.event, "safari_favicon");
});

test("test.stix2: the page URL matches first; an icon URL on a known domain matches too (CRITICAL)", async () => {
  const run = await runFsModule(safariFavicon, dump(), testIocs());
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as { url: string }).url, a.matched_indicator?.value]), [
    ["CRITICAL", "https://shop.test/", "example.org"], // icon on cdn.example.org
    ["CRITICAL", "http://example.com/thisisbad", "http://example.com/thisisbad"],
  ]);
});
