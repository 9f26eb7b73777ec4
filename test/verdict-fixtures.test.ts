/**
 * The calibrated verdict end to end (issue 13, item 8), through the CLI as installed (bin/spyglass.js: dist/ after
 * `npm run build`): evidence built in code. Clean but outdated phones read "no known traces found" with "Update
 * needed"; a lookalike link alone reads "suspicious"; an indicator hit reads "traces of known spyware".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IosBackupBuilder } from "./builders/ios-backup.ts";
import { buildSmsDb, type SmsMessage } from "./builders/ios/sms.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";
import { tempDir } from "./helpers/tmp.ts";

const BIN = new URL("../bin/spyglass.js", import.meta.url).pathname;

/** Runs the installed bin (its shebang sets the heap cap), with the test bundle as the only indicators. */
function installed(args: string[]) {
  const r = spawnSync(BIN, args, { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "" }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"));

/** An iPhone backup on iOS 16.6.1 with no apps of note, and optionally one SMS. */
function iphone(messages: SmsMessage[] = []): string {
  const b = new IosBackupBuilder(join(tempDir(), "backup")).info({
    "Product Version": "16.6.1",
    "Build Version": "20G81",
    "Installed Applications": ["com.apple.mobilesafari"],
  });
  if (messages.length) b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => buildSmsDb(db, messages));
  return b.finish();
}

const DAY = 86_400_000;
/** A Samsung androidqf acquisition: Samsung's own accessibility services installed (none enabled), an old patch. */
function samsung(patchAgeDays: number, extraAccessibility: string[] = []): string {
  const dir = join(tempDir(), "androidqf");
  mkdirSync(dir, { recursive: true });
  const patch = new Date(Date.now() - patchAgeDays * DAY).toISOString().slice(0, 8) + "01";
  const props: [string, string][] = [
    ["ro.build.version.release", "13"],
    ["ro.build.version.security_patch", patch],
    ["ro.product.brand", "samsung"],
    ["ro.product.manufacturer", "samsung"],
    ["ro.product.model", "SM-A536B"],
    ["persist.sys.timezone", "Europe/Rome"],
  ];
  writeFileSync(join(dir, "getprop.txt"), props.map(([k, v]) => `[${k}]: [${v}]\n`).join(""));
  writeFileSync(join(dir, "dumpsys.txt"), [
    "DUMP OF SERVICE accessibility:",
    "ACCESSIBILITY MANAGER (dumpsys accessibility)",
    "",
    "User state[attributes:{id=0, currentUser=true",
    "  mIsTouchExplorationEnabled = false",
    "  }",
    "  installed services: {",
    "    0 : com.android.settings/com.samsung.android.settings.development.gpuwatch.GPUWatchInterceptor",
    "    1 : com.samsung.accessibility/.universalswitch.UniversalSwitchService",
    "    2 : com.samsung.accessibility/com.samsung.android.app.talkback.TalkBackService",
    "  }",
    "  enabled services: {",
    "  }",
    "  bound services:{",
    "  }",
    ...extraAccessibility,
    "]",
    "",
  ].join("\n"));
  const pkg = (name: string, installer: string, system: boolean) => ({ name, files: [], installer, uid: 10_100, disabled: false, system, third_party: !system });
  writeFileSync(join(dir, "packages.json"), JSON.stringify([
    pkg("com.samsung.accessibility", "null", true),
    pkg("com.android.settings", "null", true),
    pkg("com.android.vending", "null", true),
    pkg("org.wikipedia", "com.android.vending", false),
  ], null, 4));
  return dir;
}

test("a clean iPhone on iOS 16.6.1: 'no known traces found' (exit 0) with 'Update needed' for iOS", () => {
  const out = join(tempDir(), "o");
  const r = installed(["check-backup", iphone(), "-o", out, "--iocs", TEST_STIX2]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /VERDICT: NO KNOWN TRACES FOUND\n/);
  assert.match(r.stdout, /\nUpdate needed \(this does not change the verdict\):\n- iOS: iOS 16\.6\.1 has flaws that were used in spyware attacks/);
  // The newest release first, the oldest that closes the flaws beside it (the CLI wraps lines).
  assert.match(r.stdout, /How: Update to the newest, \d+\.\d+(\.\d+)? \(\S+ or later\s+closes\s+these\s+flaws\):\s+Settings → General →\s+Software Update/);
  assert.doesNotMatch(r.stdout, /could not be read/, "the outdated-iOS warning is a note");
  const v = json(out, "verdict.json");
  assert.equal(v.outcome, "no_known_traces");
  assert.equal(v.deciding_total, 0);
  assert.deepEqual(v.update_advice.map((u: { what: string }) => u.what), ["iOS"]);
  assert.ok(v.evidence.some((e: { kind: string; level: string }) => e.kind === "update" && e.level === "HIGH"), "MVT's level stays HIGH in the files");
  assert.equal(json(out, "alerts.json").find((a: { module: string }) => a.module === "versions").level, "HIGH");
  const html = readFileSync(join(out, "report.html"), "utf8");
  assert.match(html, /<h2>Update needed<\/h2>/);
  assert.match(html, /<h1 id="verdict-title">No known traces found<\/h1>/);
  const j = installed(["check-backup", iphone(), "-o", join(tempDir(), "j"), "--iocs", TEST_STIX2, "--json"]);
  assert.equal(j.code, 0);
  assert.equal(JSON.parse(j.stdout).verdict.update_advice[0].what, "iOS", "--json carries the advice");
});

test("a clean Samsung androidqf acquisition (system accessibility services, patch ten months old): 'no known traces found' with update advice", () => {
  const out = join(tempDir(), "o");
  const r = installed(["check-androidqf", samsung(300), "-o", out, "--iocs", TEST_STIX2]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /VERDICT: NO KNOWN TRACES FOUND\n/);
  const alerts = json(out, "alerts.json") as { module: string; level: string }[];
  assert.equal(alerts.filter((a) => a.module === "dumpsys_accessibility" && a.level === "MEDIUM").length, 3, "MVT's alerts stay as they are");
  assert.ok(alerts.some((a) => a.module === "aqf_get_prop" && a.level === "MEDIUM"), "the old-patch alert is there");
  const v = json(out, "verdict.json");
  assert.equal(v.outcome, "no_known_traces");
  assert.deepEqual(v.update_advice.map((u: { what: string }) => u.what), ["Android"], "once per product: the exploited patch level and the old-patch alert");
  assert.match(r.stdout, /Update needed \(this does not change the verdict\):\n- Android: /);
  assert.match(r.stdout, /How: (Update to \S+ or later: )?Settings → System → Software update/);
});

test("the same Samsung phone with a third-party accessibility service ENABLED (Android 14 syntax) reads 'suspicious'", () => {
  const out = join(tempDir(), "o");
  const r = installed(["check-androidqf", samsung(300, ["  Enabled services:{{com.android.systemservice/com.android.systemservice.MonitorService}}"]), "-o", out, "--iocs", TEST_STIX2]);
  assert.equal(r.code, 11, r.stdout + r.stderr);
  const v = json(out, "verdict.json");
  assert.deepEqual(v.evidence.filter((e: { decides: boolean }) => e.decides).map((e: { rule: string }) => e.rule), ["accessibility-enabled-third-party"]);
  assert.deepEqual(v.update_advice.map((u: { what: string }) => u.what), ["Android"], "the update advice stays");
  // Samsung's own service enabled the same way does not.
  const own = installed(["check-androidqf", samsung(300, ["  Enabled services:{{com.samsung.accessibility/com.samsung.android.app.talkback.TalkBackService}}"]), "-o", join(tempDir(), "o2"), "--iocs", TEST_STIX2]);
  assert.equal(own.code, 0, own.stdout);
});

test("a lookalike link and nothing else: 'suspicious: needs expert review' (exit 11)", () => {
  const out = join(tempDir(), "o");
  const backup = iphone([{ text: "Your account is locked, verify: https://whatsapp-support-verify.com/login", handle: "+15550100", date: "2024-02-01 10:00:00" }]);
  const r = installed(["check-backup", backup, "-o", out, "--iocs", TEST_STIX2]);
  assert.equal(r.code, 11, r.stdout + r.stderr);
  assert.match(r.stdout, /VERDICT: SUSPICIOUS: NEEDS EXPERT REVIEW\n/);
  const v = json(out, "verdict.json");
  assert.deepEqual(v.evidence.filter((e: { decides: boolean }) => e.decides).map((e: { rule: string }) => e.rule), ["lookalike-link"]);
  assert.ok(v.update_advice.length >= 1, "the outdated iOS is still listed");
});

test("an indicator hit: 'traces of known spyware found' (exit 10)", () => {
  const out = join(tempDir(), "o");
  const backup = iphone([{ text: "Track your parcel: https://example.org/track?id=5", handle: "+15550100", date: "2024-02-01 10:00:00" }]);
  const r = installed(["check-backup", backup, "-o", out, "--iocs", TEST_STIX2]);
  assert.equal(r.code, 10, r.stdout + r.stderr);
  assert.match(r.stdout, /VERDICT: TRACES OF KNOWN SPYWARE FOUND\n/);
  assert.equal(json(out, "verdict.json").outcome, "known_spyware");
});
