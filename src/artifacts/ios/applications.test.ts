import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import applications from "./applications.ts";
import { MVT_BACKUP, runBackupModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";
import { IosBackupBuilder } from "../../../test/builders/ios-backup.ts";
import { binaryPlist, xmlPlist } from "../../../test/builders/plist-writer.ts";

const ICON = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const STORE_APP = {
  softwareVersionBundleId: "com.example.notes", bundleShortVersionString: "2.1", artistName: "Example Inc.", itemName: "Notes+",
  "com.apple.iTunesStore.downloadInfo": { purchaseDate: "2023-05-06T07:08:09Z", accountInfo: { AppleID: "me@example.org" } },
};

function backup(apps: Record<string, unknown>): string {
  return new IosBackupBuilder(tempDir()).info({ Applications: apps }).finish();
}

const APPS = {
  "com.example.notes": { iTunesMetadata: binaryPlist(STORE_APP as never), PlaceholderIcon: ICON },
  // Older backups hold XML iTunesMetadata; sourceApp names the installer.
  "com.example.sideloaded": { iTunesMetadata: new TextEncoder().encode(xmlPlist({ softwareVersionBundleId: "com.example.sideloaded", sourceApp: "com.rileytestut.AltStore" } as never)) },
  "com.example.product-page": { iTunesMetadata: binaryPlist({ softwareVersionBundleId: "com.example.product-page", sourceApp: "com.apple.AppStore.ProductPageExtension" } as never) },
  "com.example.nobundle": { iTunesMetadata: binaryPlist({ itemName: "No bundle id" } as never) },
};

test("MVT backup: Info.plist has no Applications dictionary, so nothing", async () => {
  const run = await runBackupModule(applications, MVT_BACKUP, testIocs());
  assert.deepEqual([run.records.length, run.timeline.length, run.alerts.length, run.warnings.length], [0, 0, 0, 0]);
});

test("fixture: records (name, metadata, isodate in UTC, icon hash) and app_installed timeline", async () => {
  const run = await runBackupModule(applications, backup(APPS));
  assert.deepEqual(run.warnings, []);
  assert.equal(run.records.length, 4);
  const notes = run.records[0];
  assert.deepEqual(Object.keys(notes), ["name", "softwareVersionBundleId", "bundleShortVersionString", "artistName", "itemName", "com.apple.iTunesStore.downloadInfo", "isodate", "icon_sha256"]);
  assert.equal(notes.name, "com.example.notes");
  assert.equal(notes.isodate, "2023-05-06 07:08:09.000000");
  assert.equal(notes.icon_sha256, createHash("sha256").update(ICON).digest("hex"));
  assert.equal("icon_sha256" in run.records[1], false);
  assert.deepEqual(run.timeline, [
    { timestamp: "2023-05-06 07:08:09.000000", module: "Applications", event: "app_installed", data: "App com.example.notes version 2.1 from Example Inc. installed from " },
  ]);
});

test("fixture: without indicators only the sideloaded app is MEDIUM (App Store, product page and MDM are not)", async () => {
  const run = await runBackupModule(applications, backup(APPS));
  assert.deepEqual(run.alerts.map((a) => [a.level, a.message]), [["MEDIUM", "Suspicious app not installed from the App Store or MDM: com.example.sideloaded"]]);
});

test("fixture: with indicators, no bundle id is MEDIUM; a known app id is CRITICAL; a similar id is not", async () => {
  const run = await runBackupModule(applications, backup(APPS), testIocs(["app:id", "com.example.notes"], ["app:id", "com.example.sideloaded2"]));
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as any).name, a.message]), [
    ["CRITICAL", "com.example.notes", "Malicious application com.example.notes identified"],
    ["MEDIUM", "com.example.sideloaded", "Suspicious app not installed from the App Store or MDM: com.example.sideloaded"],
    ["MEDIUM", "com.example.nobundle", "Suspicious application identified without softwareVersionBundleId"],
  ]);
  assert.equal(run.alerts[0]!.matched_indicator?.type, "app_ids");
});

test("fixture: an unreadable iTunesMetadata gives exactly one warning naming the app; the app is still listed", async () => {
  const run = await runBackupModule(applications, backup({ ...APPS, "com.example.broken": { iTunesMetadata: new Uint8Array([1, 2, 3, 4]) } }));
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.message, /com\.example\.broken/);
  assert.match(run.warnings[0]!.file, /Info\.plist/);
  assert.deepEqual(run.records.at(-1), { name: "com.example.broken" });
});

test("fixture: a sideloaded app whose id is known gets its CRITICAL only (as MVT)", async () => {
  const run = await runBackupModule(applications, backup(APPS), testIocs(["app:id", "com.example.sideloaded"]));
  assert.deepEqual(run.alerts.map((a) => [a.level, (a.event as any).name]), [
    ["CRITICAL", "com.example.sideloaded"],
    ["MEDIUM", "com.example.nobundle"],
  ]);
});
