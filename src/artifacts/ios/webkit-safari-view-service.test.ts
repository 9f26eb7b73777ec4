import { test } from "node:test";
import assert from "node:assert/strict";
import webkitSafariViewService from "./webkit-safari-view-service.ts";
import { runFolderModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { DumpFiles } from "../../../test/builders/ios/fs-dump-files.ts";

const DATA = "private/var/mobile/Containers/Data/Application/ABCDEF01-2345-4678-89AB-CDEF01234567/SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData";

test("origins directly in SafariViewService's WebsiteData (its LocalStorage/IndexedDB folders are not origins); no timeline", async () => {
  const d = new DumpFiles();
  d.file(`${DATA}/https_login.example.org_0/Origins/salt`, "");
  d.file(`${DATA}/https_login.example.org_0/Origins/x/y`, "");
  d.file(`${DATA}/https_shop.test_0`, "");
  d.file(`${DATA}/LocalStorage/https_other.test_0.localstorage`, "");
  d.file(`${DATA}/ResourceLoadStatistics/observations.db`, "");
  d.touch(DATA, "2022-08-09 10:11:12");
  const run = await runFolderModule(webkitSafariViewService, d.root, "ios-fs", testIocs());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records.map((r) => [r.folder, r.url, r.isodate]).sort(), [
    [DATA, "https://login.example.org", "2022-08-09 10:11:12.000000"],
    [DATA, "https://shop.test", "2022-08-09 10:11:12.000000"],
  ]);
  assert.deepEqual(run.timeline, []);
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as { url: string }).url]), [["CRITICAL", "https://login.example.org"]]);
});
