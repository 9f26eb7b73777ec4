/** check-fs runs every module MVT runs on a filesystem dump: the 24 mixed modules declare MVT's fs paths (spec §10.1). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { artifactsFor, declaredGlobs } from "../src/artifacts/select.ts";
import { globMatch } from "../src/inputs/glob.ts";

const APP = "private/var/mobile/Containers/Data/Application/*";
const GROUP = "private/var/mobile/Containers/Shared/AppGroup/*";
const LIB = "private/var/mobile/Library";

/** The fs column of the spec's mixed-module table, `[Profiles/*\/]` written out. */
const MIXED_FS: Record<string, readonly string[]> = {
  Calls: [`${LIB}/CallHistoryDB/CallHistory.storedata`],
  ChromeFavicon: [`${APP}/Library/Application Support/Google/Chrome/Default/Favicons`],
  ChromeHistory: [`${APP}/Library/Application Support/Google/Chrome/Default/History`],
  Contacts: [`${LIB}/AddressBook/AddressBook.sqlitedb`],
  FirefoxFavicon: ["private/var/mobile/profile.profile/browser.db"],
  FirefoxHistory: ["private/var/mobile/profile.profile/browser.db"],
  IDStatusCache: [`${LIB}/Preferences/com.apple.identityservices.idstatuscache.plist`, `${LIB}/IdentityServices/idstatuscache.plist`],
  InteractionC: [`${LIB}/CoreDuet/People/interactionC.db`],
  LocationdClients: [`${LIB}/Caches/locationd/clients.plist`, "private/var/root/Library/Caches/locationd/clients.plist"],
  OSAnalyticsADDaily: [`${LIB}/Preferences/com.apple.osanalytics.addaily.plist`],
  Datausage: ["private/var/wireless/Library/Databases/DataUsage.sqlite"],
  SafariBrowserState: [`${LIB}/Safari/BrowserState.db`, `${LIB}/Safari/Profiles/*/BrowserState.db`, `${APP}/Library/Safari/BrowserState.db`, `${APP}/Library/Safari/Profiles/*/BrowserState.db`],
  SafariHistory: [`${LIB}/Safari/History.db`, `${LIB}/Safari/Profiles/*/History.db`, `${APP}/Library/Safari/History.db`, `${APP}/Library/Safari/Profiles/*/History.db`],
  TCC: [`${LIB}/TCC/TCC.db`],
  SMS: [`${LIB}/SMS/sms.db`],
  SMSAttachments: [`${LIB}/SMS/sms.db`],
  WebkitResourceLoadStatistics: [`${APP}/Library/WebKit/WebsiteData/ResourceLoadStatistics/observations.db`, `${APP}/SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData/observations.db`],
  WebkitSessionResourceLog: [
    `${APP}/SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData/full_browsing_session_resourceLog.plist`,
    `${APP}/Library/WebKit/WebsiteData/ResourceLoadStatistics/full_browsing_session_resourceLog.plist`,
    `${LIB}/WebClips/*/Storage/full_browsing_session_resourceLog.plist`,
  ],
  Whatsapp: [`${GROUP}/ChatStorage.sqlite`],
  WhatsappContacts: [`${GROUP}/ContactsV2.sqlite`],
  Shortcuts: [`${LIB}/Shortcuts/Shortcuts.sqlite`],
  Applications: ["private/var/containers/Bundle/Application/*/iTunesMetadata.plist"],
  Calendar: [`${LIB}/Calendar/Calendar.sqlitedb`],
  GlobalPreferences: [`${LIB}/Preferences/.GlobalPreferences.plist`],
};

/** A path each glob must select (its `*` filled in), so the test checks selection, not spelling. */
const example = (glob: string) => glob.replaceAll("*", "0A1B2C3D-4E5F-6789-ABCD-EF0123456789");

test("each of the 24 mixed modules reads its backup file and MVT's fs paths (one module file, two sources)", () => {
  const fs = artifactsFor("ios-fs");
  const backup = new Set(artifactsFor("ios-backup").map((a) => a.mvt));
  assert.equal(Object.keys(MIXED_FS).length, 24);
  for (const [name, paths] of Object.entries(MIXED_FS)) {
    const mod = fs.find((a) => a.mvt === name);
    assert.ok(mod, `${name} has an ios-fs source`);
    assert.ok(backup.has(name), `${name} keeps its backup source`);
    const globs = declaredGlobs("ios-fs", [mod]);
    for (const p of paths) assert.ok(globs.some((g) => globMatch(g, example(p))), `${name} selects ${p} (declares ${globs.join(", ")})`);
  }
});

test("check-fs runs Filesystem beside the mixed modules; no backup-only module", () => {
  const names = artifactsFor("ios-fs").map((a) => a.mvt);
  assert.ok(names.includes("Filesystem"));
  for (const backupOnly of ["BackupInfo", "ConfigurationProfiles", "Manifest", "ProfileEvents"]) assert.ok(!names.includes(backupOnly), backupOnly);
});
