import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import globalPreferences from "./global-preferences.ts";
import { plainPlist } from "../_shared/plist.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { PlistUid } from "../../formats/plist.ts";

const PATH = "Library/Preferences/.GlobalPreferences.plist";

function backupWith(value: Record<string, unknown>, format: "binary" | "xml" = "binary"): string {
  const b = new IosBackupBuilder(tempDir());
  b.plist("HomeDomain", PATH, value, format);
  return b.finish();
}

test("MVT backup: 16 entries, no timeline, Lockdown mode enabled (INFORMATIONAL)", async () => {
  const run = await runBackupModule(globalPreferences, MVT_BACKUP);
  assert.equal(run.records.length, 16);
  assert.deepEqual(run.records[0], { entry: "WebKitShowLinkPreviews", value: false });
  assert.equal(run.timeline.length, 0);
  assert.deepEqual(run.warnings, []);
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "INFORMATIONAL");
  assert.equal(run.alerts[0]!.message, "Lockdown mode enabled");
  assert.deepEqual(run.alerts[0]!.event, { entry: "LDMGlobalEnabled", value: true });
  // A date value becomes canonical text, so the record is JSON-safe.
  assert.deepEqual(run.records.find((r) => r.entry === "AKLastEmailListRequestDateKey"), { entry: "AKLastEmailListRequestDateKey", value: "2023-08-01 21:21:46.150000" });
  assert.deepEqual(run.records.find((r) => r.entry === "AppleLanguages"), { entry: "AppleLanguages", value: ["en-FR", "fr-FR"] });
  // Indicators change nothing here (no checks).
  assert.equal((await runBackupModule(globalPreferences, MVT_BACKUP, testIocs())).alerts.length, 1);
});

test("fixture: Lockdown mode off gives LOW; without the key there is no alert; XML plists and data values work", async () => {
  const off = await runBackupModule(globalPreferences, backupWith({ LDMGlobalEnabled: false, AppleLocale: "en_US" }, "xml"));
  assert.deepEqual(off.records, [{ entry: "LDMGlobalEnabled", value: false }, { entry: "AppleLocale", value: "en_US" }]);
  assert.deepEqual(off.alerts.map((a) => [a.level, a.message]), [["LOW", "Lockdown mode disabled"]]);

  const none = await runBackupModule(globalPreferences, backupWith({ Blob: new Uint8Array([1, 2, 255]), When: new Date("2024-05-06T07:08:09.5Z"), Nested: { a: [1, 2.5] } }));
  assert.equal(none.alerts.length, 0);
  assert.deepEqual(none.records, [
    { entry: "Blob", value: "AQL/" },
    { entry: "When", value: "2024-05-06 07:08:09.500000" },
    { entry: "Nested", value: { a: [1, 2.5] } },
  ]);
});

test("plainPlist: UIDs become numbers, a __proto__ key stays an own key, big integers stay exact", () => {
  const v = plainPlist({ ["__proto__"]: 1, u: new PlistUid(7), big: 2n ** 70n, small: 5n } as never) as Record<string, unknown>;
  assert.deepEqual(Object.keys(v), ["__proto__", "u", "big", "small"]);
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.equal(v.u, 7);
  assert.equal(v.big, 2n ** 70n);
  assert.equal(v.small, 5);
});

test("fixture: a corrupt plist gives exactly one warning naming the file", async () => {
  const b = new IosBackupBuilder(tempDir());
  const path = b.plist("HomeDomain", PATH, { a: 1 });
  writeFileSync(path, "bplist00\x00\x01garbage bytes that are not a plist");
  const run = await runBackupModule(globalPreferences, b.finish());
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.file, /\.GlobalPreferences\.plist/);
});
