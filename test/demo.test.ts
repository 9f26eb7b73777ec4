/** The README's first command: `npm run demo` builds the demo evidence, finds the planted traces and writes the report. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const ROOT = new URL("../", import.meta.url).pathname;

test("npm run demo: Pegasus traces found, a Red Cross lookalike flagged, report written", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "" } });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /VERDICT: TRACES OF KNOWN SPYWARE FOUND/);
  assert.match(r.stdout, /Pegasus/);
  assert.match(r.stdout, /icrc-familylinks\.org/);
  const verdict = JSON.parse(readFileSync(ROOT + "demo-output/verdict.json", "utf8"));
  assert.equal(verdict.outcome, "known_spyware");
  assert.ok(existsSync(ROOT + "demo-output/report.html"));
});
