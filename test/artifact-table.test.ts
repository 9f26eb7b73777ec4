/** The artifact table: generated and current, unique names, every module with its own test, MVT's iOS backup list covered. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { ARTIFACTS } from "../src/artifacts/index.ts";
import { artifactsFor } from "../src/artifacts/select.ts";
import { runOrder } from "../src/core/scan.ts";

const MVT_BACKUP_MODULES = [
  "BackupInfo", "ConfigurationProfiles", "Manifest", "ProfileEvents", "Calls", "ChromeFavicon", "ChromeHistory", "Contacts",
  "FirefoxFavicon", "FirefoxHistory", "IDStatusCache", "LocationdClients", "OSAnalyticsADDaily", "Datausage", "SafariBrowserState",
  "SafariHistory", "TCC", "SMS", "SMSAttachments", "WebkitResourceLoadStatistics", "WebkitSessionResourceLog", "Whatsapp",
  "WhatsappContacts", "InteractionC", "Shortcuts", "Applications", "Calendar", "GlobalPreferences",
];

test("ids, slugs and MVT names are unique per platform and well-formed", () => {
  // Per platform: MVT's iOS and Android SMS modules share "SMS"/"sms", and no command runs both.
  for (const platform of ["ios", "android"] as const) {
    for (const key of ["id", "slug", "mvt"] as const) {
      const values = ARTIFACTS.filter((a) => a.platform === platform).map((a) => a[key]);
      assert.equal(new Set(values).size, values.length, `duplicate ${platform} ${key}`);
    }
  }
  for (const a of ARTIFACTS) {
    assert.match(a.id, /^(ios|android)\.[a-z0-9-]+$/);
    assert.match(a.slug, /^[a-z0-9_]+$/);
    assert.ok(a.description.length > 5, `${a.id} has a description`);
    assert.ok(a.sources.length > 0, `${a.id} declares sources`);
  }
});

test("every module file has its test beside it and stays under 400 lines", () => {
  for (const platform of ["ios", "android"]) {
    const dir = new URL(`../src/artifacts/${platform}/`, import.meta.url);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      if (!f.endsWith(".ts") || f.endsWith(".test.ts")) continue;
      assert.ok(existsSync(new URL(f.replace(/\.ts$/, ".test.ts"), dir)), `${platform}/${f} has no test`);
      assert.ok(readFileSync(new URL(f, dir), "utf8").split("\n").length <= 400, `${platform}/${f} is over 400 lines`);
    }
  }
});

test("the table is current: every module file is in it", () => {
  const files = readdirSync(new URL("../src/artifacts/ios/", import.meta.url)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  const ids = new Set(ARTIFACTS.map((a) => a.id));
  for (const f of files) assert.ok(ids.has(`ios.${f.replace(/\.ts$/, "")}`), `ios/${f} is missing from src/artifacts/index.ts: run npm run gen`);
});

test("check-backup runs every module MVT runs on an iOS backup, in MVT's order", () => {
  const names = runOrder(artifactsFor("ios-backup")).map((a) => a.mvt);
  assert.deepEqual(names.filter((n) => MVT_BACKUP_MODULES.includes(n)), MVT_BACKUP_MODULES.filter((n) => names.includes(n)));
  for (const m of MVT_BACKUP_MODULES) assert.ok(names.includes(m), `${m} is missing`);
});
