/**
 * `--fast`, as MVT's (spec §10.1): on a dump, the process-name match of every path component and the search for
 * the binaries of processes with no bundle id are skipped; every other check runs. Through the CLI as installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PLANTED, standardDump } from "./builders/ios-fs.ts";
import { tempDir } from "./helpers/tmp.ts";
import { installed, PEGASUS } from "./helpers/installed-bin.ts";

type Alert = { module: string; level: string; message: string; matched_indicator: { value: string } | null };
const alertsOf = (out: string) => JSON.parse(readFileSync(join(out, "alerts.json"), "utf8")) as Alert[];
const dump = standardDump(join(tempDir("spyglass-check-fs-fast-"), "dump"), { spyware: true });

function check(...extra: string[]) {
  const out = join(tempDir(), "out");
  const r = installed(["check-fs", dump, "-o", out, "--iocs", PEGASUS, ...extra]);
  assert.equal(r.code, 10, r.stderr + r.stdout.slice(-2000));
  const alerts = alertsOf(out);
  return {
    processInPath: alerts.filter((a) => a.module === "filesystem" && a.matched_indicator?.value === PLANTED.process).length,
    fileName: alerts.filter((a) => a.module === "filesystem" && a.matched_indicator?.value === PLANTED.fileName).length,
    missingBinary: alerts.filter((a) => a.message.startsWith("Could not find the binary")).length,
    databaseHit: alerts.filter((a) => a.module === "datausage" && a.matched_indicator?.value === PLANTED.process).length,
  };
}

test("check-fs --fast skips the process name in every path and the missing-binary search, and nothing else", () => {
  const full = check();
  const fast = check("--fast");
  assert.ok(full.processInPath > 0 && full.missingBinary > 0, `both slow checks fire without --fast: ${JSON.stringify(full)}`);
  assert.deepEqual(fast, { ...full, processInPath: 0, missingBinary: 0 });
  assert.ok(fast.fileName > 0 && fast.databaseHit > 0, "the other indicator checks still run");
});

test("check-backup offers -f, --fast as MVT's does", () => {
  const help = installed(["check-backup", "--help"]);
  assert.match(help.stdout, /-f, --fast/);
});
