import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import settings, { namespaceOf } from "./aqf-settings.ts";
import { runFolderModule, SHARED } from "../../../test/helpers/run-module.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

function acquisition(files: Record<string, string | Uint8Array>): string {
  const dir = join(tempDir(), "androidqf");
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test("MVT androidqf/settings_random.txt (EXPECTED §3): 1 namespace \"random\", 1 MEDIUM on samsung_errorlog_agree", async () => {
  const run = await runFolderModule(settings, SHARED + "peer-artifacts/mvt/androidqf", "androidqf");
  assert.equal(run.records.length, 1);
  const [namespace, values] = run.records[0];
  assert.equal(namespace, "random");
  assert.equal(Object.keys(values).length, 9);
  assert.equal(values.navigationbar_recently_used_color, "", "an empty value is kept");
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "MEDIUM");
  assert.match(run.alerts[0]!.message, /samsung_errorlog_agree/);
  assert.equal(run.alerts[0]!.message, 'Found suspicious "random" setting "samsung_errorlog_agree = 0" (disabled sharing of crash logs with manufacturer)');
  assert.deepEqual(run.alerts[0]!.event, { namespace: "random", key: "samsung_errorlog_agree", value: "0", description: "disabled sharing of crash logs with manufacturer" });
  assert.equal(run.timeline.length, 0);
  assert.equal(run.warnings.length, 0);
});

test("generated global + secure: each unsafe value fires once, safe values do not; '=' inside a value", async () => {
  const dir = acquisition({
    "settings_global.txt": "package_verifier_enable=0\nverifier_verify_adb_installs=1\nadb_install_need_confirm=0\nwifi_on=1\n",
    "settings_secure.txt": "accessibility_enabled=1\r\nenabled_accessibility_services=com.x/.Svc\r\nsome_url=https://a.example/?q=1\r\n",
    "settings_system.txt": "accessibility_enabled=0\n",
  });
  const run = await runFolderModule(settings, dir, "androidqf");
  assert.deepEqual(run.records.map((r) => r[0]), ["global", "secure", "system"]);
  assert.equal(run.records[1][1].some_url, "https://a.example/?q=1");
  assert.deepEqual(run.alerts.map((a) => (a.event as { key: string }).key), ["package_verifier_enable", "adb_install_need_confirm", "accessibility_enabled"]);
  assert.ok(run.alerts.every((a) => a.level === "MEDIUM" && a.event_time === ""));
});

test("namespace from the file name", () => {
  assert.equal(namespaceOf("settings_secure.txt"), "secure");
  assert.equal(namespaceOf("androidqf/settings_my_ns.txt"), "ns");
});

test("a garbled file: one warning naming the file, what parses is kept", async () => {
  const run = await runFolderModule(settings, acquisition({ "settings_global.txt": "\u0000\u0001\u0002binary\nadb_enabled=1\nmore junk" }), "androidqf");
  assert.deepEqual(run.records[0], ["global", { adb_enabled: "1" }]);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "settings_global.txt");
});
