/**
 * check-fs end to end through the CLI as installed (bin/spyglass.js), on a generated dump in each form (folder, tar,
 * zip, tar.gz): Pegasus traces planted → known spyware (10); a clean dump → no known traces (0); check-iocs and
 * report on the results folder; the evidence unchanged; other commands refuse a dump and name check-fs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dumpTar, dumpTarGz, dumpZip, PLANTED, standardDump } from "./builders/ios-fs.ts";
import { hashTree } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { installed, PEGASUS, ROOT } from "./helpers/installed-bin.ts";


const json = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"));
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
type Alert = { module: string; level: string; matched_indicator: { value: string } | null };

const base = tempDir("spyglass-check-fs-");
const spy = standardDump(join(base, "spy", "extraction"), { spyware: true });
const write = (name: string, data: Buffer) => (writeFileSync(join(base, name), data), join(base, name));
const FORMS: [string, string][] = [
  ["folder (with a wrapper folder)", join(base, "spy")],
  ["tar", write("spy.tar", dumpTar(spy))],
  ["zip", write("spy.zip", dumpZip(spy, { wrapper: "filesystem" }))],
  ["tar.gz", write("spy.tar.gz", dumpTarGz(spy, { wrapper: "private-dump" }))],
];

for (const [form, path] of FORMS) {
  test(`check-fs on a ${form} with Pegasus traces: exit 10, each trace detected, MVT's files, evidence unchanged`, () => {
    const before = existsSync(join(path, "extraction")) ? hashTree(path) : { [path]: sha(path) };
    const out = join(tempDir(), "out");
    const r = installed(["check-fs", path, "-o", out, "--iocs", PEGASUS]);
    assert.equal(r.code, 10, r.stderr + r.stdout.slice(-3000));
    assert.deepEqual(existsSync(join(path, "extraction")) ? hashTree(path) : { [path]: sha(path) }, before, "evidence unchanged, nothing added");
    const alerts = json(out, "alerts.json") as Alert[];
    const hit = (module: string, value: string) => alerts.some((a) => a.module === module && a.matched_indicator?.value === value);
    assert.ok(hit("filesystem", PLANTED.fileName), "the planted file name");
    assert.ok(hit("filesystem", PLANTED.process), "the process name as a folder");
    assert.ok(hit("datausage", PLANTED.process), "the process in DataUsage.sqlite");
    assert.ok(hit("sms", PLANTED.domain), "the SMS link");
    assert.ok(alerts.some((a) => a.module === "datausage" && a.level === "MEDIUM"), "no binary for the process anywhere");
    const files = json(out, "filesystem.json") as { path: string; modified: string }[];
    assert.ok(files.some((f) => f.path === PLANTED.filePath && f.modified === "2024-02-01 12:00:00.000000"));
    assert.ok(files.every((f) => ["private", "usr", "System"].includes(f.path.split("/")[0]!)), "paths relative to the root holding private/var");
    for (const f of ["sms.json", "tcc.json", "datausage.json", "safari_history.json", "applications.json", "timeline.csv", "verdict.json", "report.html"]) assert.ok(existsSync(join(out, f)), f);
    const info = json(out, "info.json");
    assert.equal(info.device.ios_version, "27.2");
    assert.equal(json(out, "verdict.json").outcome, "known_spyware");
    if (!form.startsWith("folder")) assert.deepEqual(info.hashes.map((h: { file_path: string }) => h.file_path), [path], "the archive is the evidence hashed");
    else assert.ok(info.hashes.some((h: { file_path: string }) => h.file_path.endsWith("private/var/mobile/Library/SMS/sms.db")));
  });
}

test("check-fs on a clean dump: no known traces (exit 0); check-iocs on its results with a new bundle finds nothing either", () => {
  const clean = standardDump(join(tempDir(), "clean"));
  const out = join(tempDir(), "out");
  const r = installed(["check-fs", clean, "-o", out, "--iocs", PEGASUS]);
  assert.equal(r.code, 0, r.stderr + r.stdout.slice(-3000));
  assert.equal(json(out, "verdict.json").outcome, "no_known_traces");
  assert.match(r.stdout, /every file and folder \(Filesystem\)/);
  assert.equal(installed(["check-iocs", out, "--iocs", PEGASUS]).code, 0);
});

test("check-iocs and report on check-fs results: the saved records re-checked without the dump", () => {
  const out = join(tempDir(), "out");
  assert.equal(installed(["check-fs", FORMS[1]![1], "-o", out, "--no-indicators"]).code, 11, "the MEDIUM Datausage check alone: review");
  const again = installed(["check-iocs", out, "--iocs", PEGASUS, "--json"]);
  assert.equal(again.code, 10, again.stderr);
  const modules = new Set((JSON.parse(again.stdout) as { alerts: Alert[] }).alerts.map((a) => a.module));
  for (const m of ["filesystem", "datausage", "sms"]) assert.ok(modules.has(m), `${m} re-checked: ${[...modules].join(", ")}`);
  const rep = installed(["report", out]);
  assert.equal(rep.code, 0, rep.stderr);
  assert.ok(existsSync(join(out, "report.html")));
});

test("a dump is refused by other commands, naming check-fs; check-fs refuses a backup, naming check-backup", () => {
  const out = join(tempDir(), "out");
  const r = installed(["check-backup", FORMS[0]![1], "-o", out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /this is an iPhone filesystem dump.*use spyglass check-fs/);
  const t = installed(["check-androidqf", FORMS[1]![1], "-o", out]);
  assert.equal(t.code, 2);
  assert.match(t.stderr, /use spyglass check-fs/);
  const backup = join(ROOT, "../shared/peer-artifacts/mvt/ios_backup");
  const b = installed(["check-fs", backup, "-o", out]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /this is an iPhone backup, not an iPhone filesystem dump: use spyglass check-backup/);
  const l = installed(["check-fs", "--list-modules"]);
  assert.match(l.stdout, /Filesystem/);
  assert.match(l.stdout, /Datausage/);
});
