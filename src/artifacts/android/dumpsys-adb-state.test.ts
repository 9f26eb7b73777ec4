import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import def, { adbKeyFindings, bytesText, isoMillis, keyInfo, md5, parseIndentedDump } from "./dumpsys-adb-state.ts";
import type { AdbKey, AdbStateRecord } from "./dumpsys-adb-state.ts";
import type { Acquisition } from "../../core/acquisition.ts";
import { localDir, localFile } from "../../node/fs-source.ts";
import { runFileModule, runOn } from "../../../test/helpers/run-module.ts";
import { tempDir } from "../../../test/helpers/tmp.ts";

const DATA = new URL("../../../../shared/peer-artifacts/mvt/android_data/", import.meta.url).pathname;
const FP = "F0:A1:3D:8C:B3:F4:7B:09:9F:EE:8B:D8:38:2E:BD:C6";

test("EXPECTED §2: dumpsys_adb.txt and _wifi: 1 trusted key, its fingerprint and user; the binary keystore kept raw, without adb_wifi", async () => {
  for (const name of ["dumpsys_adb.txt", "dumpsys_adb_wifi.txt"]) {
    const run = await runFileModule(def, DATA + name, "androidqf");
    assert.equal(run.records.length, 1, name);
    const r = run.records[0] as AdbStateRecord;
    const keys = r.user_keys as AdbKey[];
    assert.equal(keys.length, 1);
    assert.deepEqual([keys[0]!.fingerprint, keys[0]!.user], [FP, "user@linux"]);
    assert.equal(r.connected_to_adb, "true");
    assert.equal(r.last_key_received, FP);
    assert.ok(Array.isArray(r.keystore) && typeof r.keystore[0] === "string" && (r.keystore[0] as string).startsWith("ABX\u0000"));
    assert.ok(!(r.keystore as string[]).some((l) => l.includes("adb_wifi")));
    assert.deepEqual([run.alerts.length, run.warnings.length], [0, 0], "no AndroidQF context: no alerts");
    if (name.includes("wifi")) assert.deepEqual(r.adb_wifi, { enabled: "false", network_bssid: "", network_ssid: "", is_trusted_network: "false", tls_port: "0" });
  }
});

test("EXPECTED §2: dumpsys_adb_xml.txt: the XML keystore entry with user, fingerprint and last_connected", async () => {
  const run = await runFileModule(def, DATA + "dumpsys_adb_xml.txt", "androidqf");
  const r = run.records[0] as AdbStateRecord;
  const fp = "F0:0B:27:08:E3:68:7B:FA:4C:79:A2:B4:BF:0E:CF:70";
  assert.deepEqual((r.user_keys as AdbKey[]).map((k) => [k.user, k.fingerprint]), [["user@laptop", fp]]);
  assert.deepEqual(r.keystore, [{ user: "user@laptop", fingerprint: fp, key: "QAAAAAcgbytJst31DsaSP7hn8QcBXKR9NPVPK9MZssFVSNIP", last_connected: "1628501829898" }]);
});

test("the indented dump: multi-line values end at a blank line, a '}' or a new field; nesting; MVT's bytes text", () => {
  assert.deepEqual(parseIndentedDump(["debugging_manager={", "  keystore=ABX\u0000\u000bkeyStore", "  connected_to_adb=true", "  adb_wifi={", "    enabled=false", "  }", "}", "other={", "  value=true", "}"]), {
    debugging_manager: { keystore: ["ABX\u0000\u000bkeyStore"], connected_to_adb: "true", adb_wifi: { enabled: "false" } },
    other: { value: "true" },
  });
  assert.deepEqual(parseIndentedDump(["dm={", "  user_keys=QUJD a@b", "QUJDRA== c@d", "  }"]), { dm: { user_keys: ["QUJD a@b", "QUJDRA== c@d"] } });
  assert.equal(bytesText(Uint8Array.from([0x41, 0xa8, 0xc3, 0xa9, 0xe2, 0x82])), "A\\xa8\u00e9\\xe2\\x82");
  const bytes = new TextEncoder().encode("user@linux key material");
  assert.equal(Buffer.from(md5(bytes)).toString("hex"), createHash("md5").update(bytes).digest("hex"));
  assert.equal(Buffer.from(md5(new Uint8Array(0))).toString("hex"), "d41d8cd98f00b204e9800998ecf8427e");
  const long = new Uint8Array(1000).map((_, i) => i * 7);
  assert.equal(Buffer.from(md5(long)).toString("hex"), createHash("md5").update(long).digest("hex"));
  assert.deepEqual(keyInfo("not-base64!! someone"), { user: "someone", fingerprint: "", key: "not-base64!!" });
});

const CONTEXT = { started: "2025-06-20T18:00:00Z", adb_host_public_key: "QUJDRA== acquisition@host" };
const RECORD: AdbStateRecord = {
  user_keys: [
    { key: "QUJDRA==", user: "acquisition@host", fingerprint: "acquisition-fingerprint" },
    { key: "RUZHSA==", user: "other@host", fingerprint: "other-fingerprint" },
    { key: "not-base64", user: "invalid@host", fingerprint: "" },
  ],
  keystore: [{ key: "QUJDRA==", user: "acquisition@host", fingerprint: "acquisition-fingerprint", last_connected: "1750266000000" }],
};

test("EXPECTED §2 (gen): ADB key rules with the AndroidQF acquisition context", () => {
  assert.deepEqual(adbKeyFindings([RECORD], undefined), [], "without the context: no alerts");
  const f = adbKeyFindings([RECORD], CONTEXT);
  assert.deepEqual(f.map((x) => x.level), ["INFORMATIONAL", "LOW", "LOW"]);
  assert.match(f[0]!.message, /at least one day before/);
  assert.equal(f[0]!.event_time, "2025-06-18 17:00:00.000000");
  assert.match(f[1]!.message, /different from the AndroidQF acquisition host: other-fingerprint \(other@host\)/);
  assert.match(f[2]!.message, /invalid trusted ADB host key: <unknown key> \(invalid@host\)/);

  const noKey = adbKeyFindings([{ user_keys: [{ key: "QUJDRA==", user: "host@example", fingerprint: "fingerprint" }] }], {});
  assert.deepEqual(noKey.map((x) => [x.level, /does not include its host key/.test(x.message)]), [["LOW", true]]);
  const recent = adbKeyFindings([{ keystore: [{ key: "QUJDRA==", user: "acquisition@host", fingerprint: "fp", last_connected: "1750438800000" }] }], CONTEXT);
  assert.deepEqual(recent, [], "the acquisition's own key used within a day: no alert");
  assert.equal(isoMillis("2025-06-20T20:00:00+02:00"), Date.UTC(2025, 5, 20, 18));
  assert.equal(isoMillis("2025-06-20 18:00:00"), Date.UTC(2025, 5, 20, 18), "no zone = UTC (MVT)");
  assert.equal(isoMillis("yesterday"), undefined);
});

test("through the engine: the context comes from acquisition.device.androidqf_acquisition", async () => {
  const path = DATA + "dumpsys_adb_xml.txt";
  const file = localFile(path, basename(path));
  const acq = (device: Record<string, unknown>): Acquisition => ({
    kind: "bugreport", root: localDir(dirname(path)), device, opened: [], sidecar: async () => undefined, close() {},
    async *select(sel) {
      if (sel === def.sources[0]) yield file;
    },
  });
  const other = await runOn(acq({ androidqf_acquisition: { started: "2021-08-20T10:00:00Z", adb_host_public_key: "QUJDRA== aqf@host" } }), def);
  assert.deepEqual(other.alerts.map((a) => [a.level, a.module]), [["LOW", "dumpsys_adb_state"]]);
  assert.equal(other.alerts[0]!.event_time, "2021-08-09 09:37:09.898000");
  const own = await runOn(acq({ androidqf_acquisition: { started: "2021-08-20T10:00:00Z", adb_host_public_key: "QAAAAAcgbytJst31DsaSP7hn8QcBXKR9NPVPK9MZssFVSNIP aqf@host\n" } }), def);
  assert.deepEqual(own.alerts.map((a) => a.level), ["INFORMATIONAL"], "AndroidQF's key, last used 11 days before");
  assert.equal((await runOn(acq({}), def)).alerts.length, 0);
});

test("an adb section without the dump: one warning naming the file", async () => {
  const p = join(tempDir(), "dumpstate.txt");
  writeFileSync(p, "DUMP OF SERVICE adb:\nADB MANAGER STATE (dumpsys adb):\nerror: service not ready\n" + "-".repeat(78) + "\n");
  const run = await runFileModule(def, p, "bugreport");
  assert.equal(run.records.length, 0);
  assert.equal(run.warnings.length, 1);
  assert.equal(run.warnings[0]!.file, "dumpstate.txt");
  assert.match(run.warnings[0]!.message, /no debugging_manager/);
});
