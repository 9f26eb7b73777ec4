/**
 * A sysdiagnose .tar.gz with huge members, through the CLI as installed (bin/spyglass.js, its 512 MB heap cap), peak
 * RSS by /usr/bin/time: a 256 MiB member no module reads streams past, a 128 MiB installation log (over the 64 MiB
 * in-memory bound) is one warning naming it, and the member after both is still analysed. Scaled down from the 4 GiB
 * case in the README (29 s, 170 MB) to stay a few seconds.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./helpers/tmp.ts";
import { SysdiagnoseBuilder, writeHugeTarGz } from "./builders/sysdiagnose.ts";

const BIN = new URL("../bin/spyglass.js", import.meta.url).pathname;
const TIME = "/usr/bin/time";
const MiB = 1024 * 1024;

test("huge members: bounded memory, one warning naming the over-large file, the rest analysed, no temp files left", { skip: !existsSync(TIME) && "needs /usr/bin/time" }, async (t) => {
  const b = new SysdiagnoseBuilder().basics().ps([{ pid: 1, ppid: 0, command: "/sbin/launchd" }]);
  const archive = await writeHugeTarGz(b, tempDir(), [
    { path: "system_logs.logarchive/Persist/0000000000000001.tracev3", size: 256 * MiB },
    { path: "logs/MobileInstallation/mobile_installation.log.0", size: 128 * MiB },
  ]);
  const out = join(tempDir(), "results");
  const tmp = tempDir("spyglass-sysdiagnose-tmp-");
  const r = spawnSync(TIME, ["-f", "\nRSS_KB=%M", BIN, "check-sysdiagnose", archive, "--no-indicators", "-o", out], { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "", TMPDIR: tmp }, timeout: 120_000 });
  const rss = Number(/RSS_KB=(\d+)/.exec(r.stderr)?.[1]) * 1024;
  t.diagnostic(`exit ${r.status}, peak RSS ${Math.round(rss / MiB)} MiB`);
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  assert.ok(rss < 400 * MiB, `peak RSS ${Math.round(rss / MiB)} MiB under 400 MiB`);
  const log = readFileSync(join(out, "command.log"), "utf8").split("\n").filter((l) => l.includes(" - WARNING - "));
  assert.equal(log.length, 1, log.join("\n"));
  assert.match(log[0]!, /member "logs\/MobileInstallation\/mobile_installation\.log\.0" \(134217728 bytes\) not read: over the in-memory limit/);
  assert.deepEqual(JSON.parse(readFileSync(join(out, "sysdiagnose_crashes.json"), "utf8")).map((c: { process: string }) => c.process), ["late"], "the member after the huge ones was read");
  assert.deepEqual(readdirSync(tmp), [], "no temp files left");
});
