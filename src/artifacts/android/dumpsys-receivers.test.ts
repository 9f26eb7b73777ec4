import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import def, { readReceivers } from "./dumpsys-receivers.ts";
import type { ReceiversRecord } from "./dumpsys-receivers.ts";
import { heuristicAlerts } from "../../core/check-record.ts";
import { runFileModule } from "../../../test/helpers/run-module.ts";
import { testIocs } from "../../../test/helpers/indicators.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;

test("EXPECTED §2: 4 intents (a dict); the first key and receiver; com.android.storagemanager matches once", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_packages.txt", "androidqf");
  const r = run.records as ReceiversRecord[];
  assert.equal(r.length, 4);
  assert.equal(r[0]![0], "com.android.storagemanager.automatic.SHOW_NOTIFICATION");
  assert.equal(r[0]![1][0]!.package_name, "com.android.storagemanager");
  assert.deepEqual([run.timeline.length, run.alerts.length, run.warnings.length], [0, 0, 0]);
  const hit = await runFileModule(def, DATA + "dumpsys_packages.txt", "androidqf", testIocs(["app:id", "com.android.storagemanager"]));
  assert.equal(hit.alerts.length, 1);
  assert.equal(hit.alerts[0]!.level, "CRITICAL");
  assert.deepEqual(Object.keys(hit.alerts[0]!.event as object), ["com.android.storagemanager.automatic.SHOW_NOTIFICATION"]);
});

test("EXPECTED §5 (gen): exact package match only; the alert event is {intent: receiver}", () => {
  const record: ReceiversRecord = ["android.intent.action.PHONE_STATE", [
    { package_name: "com.android.phone", receiver: "com.android.phone/com.android.services.telephony.sip.SipIncomingCallReceiver" },
    { package_name: "com.android.services", receiver: "com.android.services/.Receiver" },
  ]];
  const alerts = heuristicAlerts(def, record, testIocs(["app:id", "com.android.services"]));
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0]!.event, { "android.intent.action.PHONE_STATE": record[1][1] });
  assert.equal(alerts[0]!.matched_indicator?.value, "com.android.services");
  assert.equal(alerts[0]!.module, "dumpsys_receivers");
  assert.equal(heuristicAlerts(def, record, undefined).length, 0, "nothing without indicators");
});

test("EXPECTED §2 (gen): a wrongly indented action header is still the next action; a repeated action replaces its list in place", async () => {
  const map = await readReceivers([
    "Receiver Resolver Table:", "  Non-Data Actions:",
    "      android.provider.Telephony.SMS_RECEIVED:", "        1a com.sms/.In",
    "    android.intent.action.PHONE_STATE:", "        2b com.phone/.State",
    "      android.provider.Telephony.SMS_RECEIVED:", "        3c com.sms2/.In", "        4d",
    "      not a header", "        5e com.lost/.R",
    "", "      after.blank:", "        6f com.x/.Y",
  ]);
  assert.deepEqual([...map.keys()], ["android.provider.Telephony.SMS_RECEIVED", "android.intent.action.PHONE_STATE"]);
  assert.deepEqual(map.get("android.provider.Telephony.SMS_RECEIVED"), [{ package_name: "com.sms2", receiver: "com.sms2/.In" }]);
});

test("a cut-short package section: one warning naming the file, receivers read so far kept", async () => {
  const p = join(tempDir(), "dumpstate.txt");
  writeFileSync(p, "DUMP OF SERVICE package:\nReceiver Resolver Table:\n  Non-Data Actions:\n      a.b:\n        1 com.k/.A\n        2 com.k/.B");
  const run = await runFileModule(def, p, "bugreport");
  assert.deepEqual(run.records, [["a.b", [{ package_name: "com.k", receiver: "com.k/.A" }, { package_name: "com.k", receiver: "com.k/.B" }]]]);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "dumpstate.txt");
});
