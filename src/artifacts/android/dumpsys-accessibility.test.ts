import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import def, { parseAccessibility } from "./dumpsys-accessibility.ts";
import { runFileModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;
const write = (name: string, text: string | Uint8Array) => {
  const p = join(tempDir(), name);
  writeFileSync(p, text);
  return p;
};

test("EXPECTED §2: old syntax, 4 services; each is MEDIUM, the indicator match is CRITICAL instead", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_accessibility.txt", "androidqf");
  assert.equal(run.records.length, 4);
  assert.deepEqual(run.records[0], {
    package_name: "com.android.settings",
    service: "com.android.settings/com.samsung.android.settings.development.gpuwatch.GPUWatchInterceptor",
  });
  assert.equal(run.timeline.length, 0);
  assert.deepEqual(run.alerts.map((a) => a.level), ["MEDIUM", "MEDIUM", "MEDIUM", "MEDIUM"], "heuristic fires without indicators");

  const hit = await runFileModule(def, DATA + "dumpsys_accessibility.txt", "androidqf", testIocs(["app:id", "com.sec.android.app.camera"]));
  assert.equal(hit.alerts.length, 4);
  assert.deepEqual(hit.alerts.map((a) => a.level).sort(), ["CRITICAL", "MEDIUM", "MEDIUM", "MEDIUM"]);
  const critical = hit.alerts.find((a) => a.level === "CRITICAL")!;
  assert.equal((critical.event as { package_name: string }).package_name, "com.sec.android.app.camera");
  assert.equal(critical.matched_indicator?.value, "com.sec.android.app.camera");
  assert.equal(hit.warnings.length, 0);
});

test("EXPECTED §2: Android 14 'Enabled services:{{pkg/svc}}' syntax, 1 record, 1 MEDIUM whose event is the record", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_accessibility_v14_or_later.txt", "androidqf");
  assert.deepEqual(run.records, [{ package_name: "com.malware.accessibility", service: "com.malware.service.malwareservice" }]);
  assert.equal(run.alerts.length, 1);
  assert.equal(run.alerts[0]!.level, "MEDIUM");
  assert.deepEqual(run.alerts[0]!.event, run.records[0]);
  // This capture was cut by hand in the middle of its last line: reported, the record kept.
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!.message, /ends inside the accessibility section/);
});

test("generated dumpstate: section found among others, both syntaxes in order, near-miss package name", async () => {
  const path = write("dumpstate.txt", [
    "-".repeat(78), "DUMP OF SERVICE activity:", "  installed services: {", "    0 : com.wrong/.Svc", "  }",
    "-".repeat(78), "DUMP OF SERVICE accessibility:",
    "     Enabled services:{{com.a/com.a.One}, {com.b/.Two}}",
    "  installed services: {", "    0 : com.evil.app/.Spy", "  }", "  installed services: {", "    0 : com.later/.Ignored", "  }",
    "-".repeat(78), "",
  ].join("\n"));
  const run = await runFileModule(def, path, "bugreport", testIocs(["app:id", "com.evil"]));
  assert.deepEqual(run.records, [
    { package_name: "com.evil.app", service: "com.evil.app/.Spy" },
    { package_name: "com.a", service: "com.a.One" },
    { package_name: "com.b", service: ".Two" },
  ]);
  assert.ok(run.alerts.every((a) => a.level === "MEDIUM" && a.matched_indicator === null), "com.evil does not match com.evil.app");
  assert.equal(run.alerts.length, 3);
});

test("parser alone, and a garbled section: exactly one warning naming the file", async () => {
  const out = [];
  for await (const r of parseAccessibility(["installed services: {", "no colon here", "    1 : pkg/.S", "}", "    2 : after/.End"])) out.push(r);
  assert.deepEqual(out, [{ package_name: "pkg", service: "pkg/.S" }]);

  const bytes = new TextEncoder().encode("DUMP OF SERVICE accessibility:\n  installed services: {\n    0 : com.x/.Y\n");
  const path = write("dumpsys.txt", Uint8Array.from([...bytes, 0xc3, 0x28, 0x00, 0xff, 10, ...new TextEncoder().encode("  }\n")]));
  const run = await runFileModule(def, path, "androidqf");
  assert.deepEqual(run.records, [{ package_name: "com.x", service: "com.x/.Y" }], "the garbled line is skipped, the rest kept");
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "dumpsys.txt");
  assert.match(run.warnings[0]!.message, /not UTF-8 text/);
});

test("androidqf's dumpsys.txt repeats the 'installed services: {' header: only numbered entries are services", async () => {
  const lines = ["DUMP OF SERVICE accessibility:", "  installed services: {", "  installed services: {", "    0 : com.example/.Svc", "  }"];
  const got = [];
  for await (const r of parseAccessibility(lines)) got.push(r);
  assert.deepEqual(got, [{ package_name: "com.example", service: "com.example/.Svc" }]);
});
