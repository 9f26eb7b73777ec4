/**
 * Deleted traces end to end (issue 16), through the CLI as installed (bin/spyglass.js): a backup where five traces
 * were planted and deleted as apps delete rows (test/builders/ios/deleted-traces.ts) — two SMS with links, one
 * Safari visit, one DataUsage process row, one SMS left only in an old -wal frame — each matched by an indicator.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./helpers/tmp.ts";
import { hashTree } from "./helpers/cli.ts";
import { testBundle } from "./helpers/indicators.ts";
import { encryptBackup } from "./builders/ios-backup-encrypted.ts";
import { IosBackupBuilder } from "./builders/ios-backup.ts";
import { buildSmsDb } from "./builders/ios/sms.ts";
import { buildDeletedTracesBackup, TRACE_INDICATORS, TRACES, type DeletedTracesOptions } from "./builders/ios/deleted-traces.ts";

const BIN = new URL("../bin/spyglass.js", import.meta.url).pathname;
const LIVE_FILES = ["sms.json", "safari_history.json", "datausage.json", "timeline.csv"];

interface Alert { level: string; module: string; message: string; event: Record<string, unknown>; matched_indicator: { value: string } | null }

const PASSWORD = "deleted traces";

function check(opts: DeletedTracesOptions & { encrypted?: boolean }, extra: string[] = []) {
  const dir = tempDir();
  const plain = buildDeletedTracesBackup(join(dir, "backup"), opts);
  const backup = opts.encrypted ? encryptBackup(plain, join(dir, "encrypted"), PASSWORD, { iter: 1, dpic: 1 }).dir : plain;
  const stix = join(dir, "traces.stix2");
  writeFileSync(stix, testBundle(...TRACE_INDICATORS));
  const before = hashTree(backup);
  const out = join(dir, "out");
  const r = spawnSync(process.execPath, [BIN, "check-backup", backup, "-o", out, "--iocs", stix, ...extra], { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "", SPYGLASS_BACKUP_PASSWORD: PASSWORD }, timeout: 120_000 });
  assert.deepEqual(hashTree(backup), before, "no evidence file changed, none appeared");
  const json = (name: string) => JSON.parse(readFileSync(join(out, name), "utf8"));
  const alerts = json("alerts.json") as Alert[];
  const deletedFiles = readdirSync(out).filter((f) => f.endsWith("_deleted.json")).sort();
  return { code: r.status, stderr: r.stderr, stdout: r.stdout, out, stix, json, alerts, deletedFiles, summary: extra.includes("--json") ? JSON.parse(r.stdout) : undefined };
}

test("five planted and deleted traces: all found, marked deleted with where and the byte offset; verdict known spyware", () => {
  const on = check({}, ["--json"]);
  assert.equal(on.code, 10, on.stderr);
  const hits = on.alerts.filter((a) => a.matched_indicator);
  const want = Object.values(TRACES).map((t) => t.indicator[1]);
  assert.deepEqual(hits.map((a) => a.matched_indicator!.value).sort(), [...want].sort(), "each trace matched once");
  for (const a of hits) {
    assert.equal(a.level, "CRITICAL", "MVT's level for the module's match");
    assert.match(a.message, /\(DELETED record recovered from (?:(?:free|unallocated) space of page \d+|WAL frame \d+ \(page \d+\)) of .*, byte offset \d+\)$/);
    const place = a.event.deleted as { where: string; offset: number; file: string };
    assert.ok(place.offset > 0 && place.file, JSON.stringify(place));
  }
  const byValue = (v: string) => hits.find((a) => a.matched_indicator!.value === v)!;
  const wal = byValue(TRACES.wal.indicator[1]).event.deleted as { where: string; wal_frame: number; file: string };
  assert.equal(wal.where, "wal", "the SMS only an old WAL frame holds");
  assert.ok(wal.wal_frame > 0);
  assert.match(wal.file, /^HomeDomain\/Library\/SMS\/sms\.db-wal /);
  assert.equal(byValue(TRACES.process.name).module, "datausage");
  assert.equal(byValue(TRACES.process.name).event.proc_name, TRACES.process.name, "the deleted process is named");
  assert.equal(byValue(TRACES.safari.indicator[1]).event.url, TRACES.safari.url);

  // The recovered records are in their own files, the live ones never hold them.
  assert.deepEqual(on.deletedFiles, ["datausage_deleted.json", "safari_history_deleted.json", "sms_deleted.json"]);
  const texts = (on.json("sms_deleted.json") as { text: string }[]).map((m) => m.text).sort();
  assert.deepEqual(texts, [TRACES.sms1.text, TRACES.sms2.text, TRACES.wal.text].sort());
  for (const f of LIVE_FILES.filter((n) => n.endsWith(".json"))) assert.doesNotMatch(readFileSync(join(on.out, f), "utf8"), /-spy\.example|bh_spyagentd/, f);

  const verdict = on.json("verdict.json");
  assert.equal(verdict.outcome, "known_spyware");
  assert.match(verdict.summary, /^5 records on this phone match public indicators of TestMalware\. All of them were deleted from the phone/);
  assert.equal(verdict.evidence.filter((e: { rule: string; deleted?: string }) => e.rule === "indicator-in-deleted-record" && e.deleted).length, 5);
  const report = readFileSync(join(on.out, "report.html"), "utf8");
  assert.match(report, /DELETED record recovered from WAL frame/);
  assert.equal(report.match(/Known spyware indicator, in a DELETED record/g)?.length, 5, "each card says the record was deleted");
  assert.match(report, /recovered from deleted data: WAL frame \d+ \(page \d+\) of <code>HomeDomain\/Library\/SMS\/sms\.db-wal /);
  assert.equal(on.summary.modules.find((m: { module: string }) => m.module === "sms").deleted, 3);

  // --no-carve: the same live results, byte for byte; MVT's own view (a manipulated process entry) is all that is left.
  const off = check({}, ["--no-carve"]);
  assert.equal(off.code, 11, "suspicious: the DataUsage gap, nothing named");
  assert.deepEqual(off.deletedFiles, []);
  assert.equal(off.alerts.filter((a) => a.matched_indicator).length, 0);
  for (const f of LIVE_FILES) assert.equal(readFileSync(join(on.out, f), "utf8"), readFileSync(join(off.out, f), "utf8"), `${f} unchanged by carving`);
});

test("a clean phone's deleted rows are recovered and raise nothing; with secure_delete nothing is recovered or invented", () => {
  const clean = check({ benign: true });
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stdout, /^Recovered from deleted data: 1 Datausage, 1 SafariHistory, 3 SMS \(in <module>_deleted\.json; alerts on them say DELETED\)$/m);
  assert.equal(clean.alerts.filter((a) => a.matched_indicator || /DELETED/.test(a.message)).length, 0);
  assert.ok(clean.deletedFiles.includes("sms_deleted.json"), "carving ran and found the deleted benign messages");
  assert.equal((clean.json("sms_deleted.json") as unknown[]).length, 3);

  const secure = check({ secureDelete: true });
  assert.equal(secure.code, 11, "only MVT's manipulated process entry remains");
  assert.doesNotMatch(secure.stdout, /Recovered from deleted data/);
  assert.deepEqual(secure.deletedFiles, [], "zeroed free space: no record, no string");
  assert.equal(secure.alerts.filter((a) => a.matched_indicator || /DELETED/.test(a.message)).length, 0);
  assert.ok(!existsSync(join(secure.out, "sms_deleted.json")));
});

test("an encrypted backup: the same five traces, carved from the decrypted databases; the evidence unchanged", () => {
  const enc = check({ encrypted: true });
  assert.equal(enc.code, 10, enc.stderr);
  const hits = enc.alerts.filter((a) => a.matched_indicator && a.event.deleted);
  assert.deepEqual(hits.map((a) => a.matched_indicator!.value).sort(), Object.values(TRACES).map((t) => t.indicator[1]).sort());
  assert.deepEqual(enc.deletedFiles, ["datausage_deleted.json", "safari_history_deleted.json", "sms_deleted.json"]);
});

test("check-iocs re-checks <module>_deleted.json: traces deleted before their indicators were published are found later", () => {
  const first = check({}, ["--no-indicators"]);
  assert.equal(first.code, 11, "no indicators: only MVT's manipulated process entry");
  assert.deepEqual(first.deletedFiles, ["datausage_deleted.json", "safari_history_deleted.json", "sms_deleted.json"]);
  const again = join(tempDir(), "again");
  const r = spawnSync(process.execPath, [BIN, "check-iocs", first.out, "--iocs", first.stix, "-o", again], { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "" }, timeout: 120_000 });
  assert.equal(r.status, 10, r.stderr);
  const alerts = JSON.parse(readFileSync(join(again, "alerts.json"), "utf8")) as Alert[];
  const hits = alerts.filter((a) => a.matched_indicator);
  assert.deepEqual(hits.map((a) => a.matched_indicator!.value).sort(), Object.values(TRACES).map((t) => t.indicator[1]).sort());
  for (const a of hits) assert.match(a.message, /\(DELETED record recovered from .*, byte offset \d+\)$/);
  const sms = JSON.parse(readFileSync(join(again, "sms_detected.json"), "utf8")) as Alert[];
  assert.equal(sms.length, 3, "the module's deleted and live alerts in one file");
  assert.equal(JSON.parse(readFileSync(join(again, "verdict.json"), "utf8")).outcome, "known_spyware");
  assert.equal(readFileSync(join(again, "sms_deleted.json"), "utf8"), readFileSync(join(first.out, "sms_deleted.json"), "utf8"), "copied as it was");
});

test("a table split across worker threads: carving runs alongside, and the results are byte-identical to one thread's", { timeout: 300_000 }, () => {
  const dir = tempDir();
  const b = new IosBackupBuilder(join(dir, "backup"));
  const LURE_AT = [7, 20_007, 40_007];
  const lures = LURE_AT.map((i) => `https://split-lure-spy.example/${i + 1}`);
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => {
    // 55,000 messages: above the split threshold (50,000 rows); three of them deleted as Messages deletes them.
    const ids = buildSmsDb(db, (function* () {
      for (let i = 0; i < 55_000; i++) yield { text: LURE_AT.includes(i) ? `Pay now https://split-lure-spy.example/${i + 1}` : `Message ${i} https://news.example.com/a/${i}`, handle: `+1415555${i % 97}`, date: "2024-03-01 10:00:00" };
    })(), { legacy: true });
    db.prepare("DELETE FROM message WHERE text LIKE '%split-lure-spy%'").run();
    assert.equal(ids.length, 55_000);
  });
  const backup = b.finish();
  const stix = join(dir, "lure.stix2");
  writeFileSync(stix, testBundle(["domain-name:value", "split-lure-spy.example"]));
  const runs: Record<string, Record<string, string>> = {};
  for (const workers of ["0", "2"]) {
    const out = join(dir, `out-${workers}`);
    const r = spawnSync(process.execPath, [BIN, "check-backup", backup, "-o", out, "--iocs", stix, "--module", "SMS"], { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "", SPYGLASS_WORKERS: workers }, timeout: 240_000 });
    assert.equal(r.status, 10, r.stderr);
    const info = JSON.parse(readFileSync(join(out, "info.json"), "utf8"));
    assert.equal(info.threads?.jobs > 0, workers === "2", "split only with worker threads");
    const deleted = JSON.parse(readFileSync(join(out, "sms_deleted.json"), "utf8")) as { text: string }[];
    assert.deepEqual(deleted.map((m) => m.text.split(" ").pop()).sort(), [...lures].sort());
    runs[workers] = hashTree(out);
    for (const f of ["info.json", "command.log", "report.html"]) delete runs[workers]![f];
  }
  assert.deepEqual(runs["2"], runs["0"]);
});
