import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import def, { parsePlatformCompat } from "./dumpsys-platform-compat.ts";
import { runFileModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;

test("EXPECTED §2: 2 uninstalled apps; both as indicators → 2 alerts", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_platform_compat.txt", "androidqf");
  assert.deepEqual(run.records, [{ package_name: "org.torproject.torbrowser" }, { package_name: "org.article19.circulo.next" }]);
  assert.deepEqual([run.timeline.length, run.alerts.length], [0, 0]);
  // The capture ends in the middle of its last line (no newline): reported once, records kept.
  assert.equal(run.warnings.length, 1);
  const hit = await runFileModule(def, DATA + "dumpsys_platform_compat.txt", "androidqf", testIocs(["app:id", "org.torproject.torbrowser"], ["app:id", "org.article19.circulo.next"]));
  assert.deepEqual(hit.alerts.map((a) => [a.level, a.matched_indicator?.value]), [["CRITICAL", "org.torproject.torbrowser"], ["CRITICAL", "org.article19.circulo.next"]]);
});

test("EXPECTED §5: the bugreport dumpstate's platform_compat section gives the same 2 apps; a near miss does not match", async () => {
  const run = await runFileModule(def, DATA + "bugreport/dumpstate.txt", "bugreport", testIocs(["app:id", "org.torproject"]));
  assert.equal(run.records.length, 2);
  assert.equal(run.alerts.length, 0);
  assert.equal(run.warnings.length, 0);
});

test("generated: only the DOWNSCALED change's rawOverrides; packageOverrides and other changes ignored; empty overrides", async () => {
  const out = [];
  for await (const r of parsePlatformCompat([
    "ChangeId(168419799; name=DOWNSCALED; disabled; packageOverrides={com.kept=false}; rawOverrides={a.b=false, c.d=true}; overridable)",
    "ChangeId(189969744; name=DOWNSCALE_65; disabled; rawOverrides={not.this=false}; overridable)",
    "ChangeId(168419799; name=DOWNSCALED; disabled; rawOverrides={}; overridable)",
    "ChangeId(168419799; name=DOWNSCALED; disabled)",
  ])) out.push(r.package_name);
  assert.deepEqual(out, ["a.b", "c.d"]);
});

test("garbled section: one warning naming the file", async () => {
  const p = join(tempDir(), "dumpstate.txt");
  writeFileSync(p, Uint8Array.from([...new TextEncoder().encode("DUMP OF SERVICE platform_compat:\n"), 0x80, 0x81, 10, ...new TextEncoder().encode("-".repeat(78) + "\n")]));
  const run = await runFileModule(def, p, "bugreport");
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "dumpstate.txt");
});
