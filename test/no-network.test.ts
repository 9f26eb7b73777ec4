/** No network during analysis: the CLI runs with every network API replaced by one that fails the run (exit 99). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./helpers/tmp.ts";
import { SHARED } from "./helpers/run-module.ts";
import { IosBackupBuilder } from "./builders/ios-backup.ts";
import { buildSmsDb } from "./builders/ios/sms.ts";
import { dumpTar, standardDump } from "./builders/ios-fs.ts";
import { SysdiagnoseBuilder } from "./builders/sysdiagnose.ts";

const ENTRY = new URL("../src/cli/entry.ts", import.meta.url).pathname;
const DENY = new URL("./helpers/deny-network.mjs", import.meta.url).pathname;
const run = (args: string[]) => spawnSync(process.execPath, ["--import", DENY, "--import", "tsx", ENTRY, ...args], { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "" } });

test("check-backup with shortened links and check-androidqf never touch the network", () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) =>
    buildSmsDb(db, [
      { text: "see https://bit.ly/3xYzAbc and https://t.co/abc", handle: "+15555550100", date: "2024-01-02 10:00:00" },
      { text: "https://goo.gl/maps/example", handle: "+15555550100", date: "2024-01-02 10:01:00" },
    ]),
  );
  const out = join(tempDir(), "o");
  const ios = run(["check-backup", b.finish(), "-o", out]);
  assert.ok(!ios.stderr.includes("NETWORK ATTEMPT"), ios.stderr);
  assert.notEqual(ios.status, 99);
  const alerts = JSON.parse(readFileSync(join(out, "alerts.json"), "utf8")) as { message: string }[];
  assert.ok(alerts.some((a) => /bit\.ly/.test(a.message) && /not expanded|hides|hidden/i.test(a.message)), "the shortened link is reported, not expanded");
  const urls = JSON.parse(readFileSync(join(out, "urls.json"), "utf8")) as { url: string; expanded_url: unknown }[];
  assert.ok(urls.every((u) => u.expanded_url === null));
  const android = run(["check-androidqf", SHARED + "peer-artifacts/mvt/androidqf", "-o", join(tempDir(), "o")]);
  assert.ok(!android.stderr.includes("NETWORK ATTEMPT"), android.stderr);
  assert.ok(android.status === 0 || android.status === 11, android.stderr);
});

test("check-fs on a dump and check-sysdiagnose never touch the network", () => {
  const dir = tempDir();
  const dump = join(dir, "dump.tar");
  writeFileSync(dump, dumpTar(standardDump(join(dir, "extraction"), { spyware: true })));
  const sysdiagnose = new SysdiagnoseBuilder()
    .basics()
    .shutdownLog([{ at: 1705300000, blocks: [{ after: 0.04, clients: [[977, "/private/var/db/com.apple.xpc.roleaccountd.staging/bh"]] }] }])
    .writeTarGz(dir);
  for (const args of [["check-fs", dump], ["check-sysdiagnose", sysdiagnose]]) {
    const r = run([...args, "-o", join(tempDir(), "o")]);
    assert.ok(!r.stderr.includes("NETWORK ATTEMPT"), r.stderr);
    assert.ok([0, 10, 11].includes(r.status!), `${args[0]}: exit ${r.status}\n${r.stderr}`);
  }
});
