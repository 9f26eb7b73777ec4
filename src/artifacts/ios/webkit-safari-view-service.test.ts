import { test } from "node:test";
import assert from "node:assert/strict";
import webkitSafariViewService from "./webkit-safari-view-service.ts";
import { runFsModule } from "../../../test/helpers/run-fs-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { join } from "node:path";
import { IosFsBuilder } from "../../../test/builders/ios-fs.ts";
import { withFolderTimes } from "../../../test/builders/ios/folder-times.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = "private/var/mobile/Containers/Data/Application/ABCDEF01-2345-4678-89AB-CDEF01234567/SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData";

test("origins directly in SafariViewService's WebsiteData (its LocalStorage/IndexedDB folders are not origins); no timeline", async () => {
  const d = new IosFsBuilder(join(tempDir(), "dump"));
  d.file(`${DATA}/https_login.example.org_0/Origins/salt`, "");
  d.file(`${DATA}/https_login.example.org_0/Origins/x/y`, "");
  d.file(`${DATA}/https_shop.test_0`, "");
  d.file(`${DATA}/LocalStorage/https_other.test_0.localstorage`, "");
  d.file(`${DATA}/ResourceLoadStatistics/observations.db`, "");
  const run = await runFsModule(webkitSafariViewService, withFolderTimes(d, { [DATA]: "2022-08-09 10:11:12" }), testIocs());
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(run.records.map((r) => [r.folder, r.url, r.isodate]).sort(), [
    [DATA, "https://login.example.org", "2022-08-09 10:11:12.000000"],
    [DATA, "https://shop.test", "2022-08-09 10:11:12.000000"],
  ]);
  assert.deepEqual(run.timeline, []);
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as { url: string }).url]), [["CRITICAL", "https://login.example.org"]]);
});
