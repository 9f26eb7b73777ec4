/**
 * A table large enough to be split (sms.db with 60,000 messages) gives the same results folder on worker threads
 * as on the main thread alone, byte for byte: from the TypeScript source and from the bundled CLI (dist/).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { IosBackupBuilder } from "./builders/ios-backup.ts";
import { buildSmsDb, type SmsMessage } from "./builders/ios/sms.ts";
import { hashTree, spyglass } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";
import { encryptBackup } from "./builders/ios-backup-encrypted.ts";

const MESSAGES = 60_000; // above the split threshold (50,000 rows)

function bigBackup(): string {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => {
    buildSmsDb(
      db,
      (function* (): Iterable<SmsMessage> {
        for (let i = 0; i < MESSAGES; i++) {
          const link = i % 1000 === 500 ? "https://badbadbad.example.org/x" : i % 7 === 0 ? `https://icrcworld.com/${i}` : `https://news.example.com/a/${i}`;
          const text = `Message ${i} é ${i % 3 === 0 ? link : "no link"}`;
          // Every tenth message keeps its text only in attributedBody (iOS 16+).
          yield i % 10 === 0
            ? { text: null, attributedBodyText: text, handle: `+1415555${String(i % 97).padStart(4, "0")}`, date: "2024-03-01 10:00:00", isFromMe: i % 2 === 0 }
            : { text, handle: `user${i % 13}@example.net`, date: new Date(Date.UTC(2024, 2, 1, 0, 0, i)).toISOString().slice(0, 19).replace("T", " "), dateRead: i % 5 ? "2024-04-01 00:00:00" : undefined };
        }
      })(),
    );
    // A blob where the schema says TEXT, mid-table: that range falls back to plain reading.
    db.prepare("UPDATE message SET subject = ? WHERE ROWID = 31234").run(Buffer.from("odd"));
  });
  return b.finish();
}

/** Every result file but the ones that hold times or the command line, which differ between any two runs. */
function results(dir: string): Record<string, string> {
  const out = hashTree(dir);
  for (const f of ["info.json", "command.log", "report.html"]) delete out[f];
  return out;
}

test("split sms.db: worker threads write the same results as the main thread alone", { timeout: 240_000 }, () => {
  const backup = bigBackup();
  const runs: Record<string, Record<string, string>> = {};
  for (const [name, workers] of [["serial", "0"], ["workers", "2"]] as const) {
    const out = join(tempDir(), name);
    const r = spyglass(["check-backup", backup, "-o", out, "--iocs", TEST_STIX2, "--module", "SMS"], { SPYGLASS_WORKERS: workers });
    assert.equal(r.code, 10, r.stderr + r.stdout.slice(-3000));
    runs[name] = results(out);
    const info = JSON.parse(readFileSync(join(out, "info.json"), "utf8"));
    assert.equal(info.modules.find((m: { module: string }) => m.module === "sms").records, MESSAGES);
    assert.deepEqual(info.warnings.filter((w: { module: string }) => w.module === "sms"), []);
    // 60,000 rows in ranges of 5,000 on the workers, none redone on the main thread; none at all without workers.
    assert.deepEqual(info.threads, workers === "0" ? undefined : { jobs: 12, redone_on_main_thread: 0 });
  }
  assert.deepEqual(runs.workers, runs.serial);
  assert.ok(runs.serial!["sms.json"] && runs.serial!["sms_detected.json"] && runs.serial!["timeline.csv"] && runs.serial!["links_detected.json"]);

  // Encrypted: the workers read the decrypted copy the main thread made (never the evidence), the same records.
  const enc = join(tempDir(), "encrypted");
  encryptBackup(backup, enc, "parallel-pw");
  const out = join(tempDir(), "encrypted-out");
  const r = spyglass(["check-backup", enc, "-o", out, "--iocs", TEST_STIX2, "--module", "SMS"], { SPYGLASS_WORKERS: "2", SPYGLASS_BACKUP_PASSWORD: "parallel-pw" });
  assert.equal(r.code, 10, r.stderr);
  const same = ["sms.json", "sms_detected.json", "timeline.csv", "urls.json"];
  const pick = (files: Record<string, string>) => Object.fromEntries(same.map((f) => [f, files[f]]));
  assert.deepEqual(pick(results(out)), pick(runs.serial!));
  assert.equal(JSON.parse(readFileSync(join(out, "info.json"), "utf8")).threads.jobs, 12);

  // The bundled CLI finds its bundled worker (dist/scan-worker.js).
  const bin = new URL("../bin/spyglass.js", import.meta.url).pathname;
  if (existsSync(new URL("../dist/spyglass.js", import.meta.url))) {
    const out = join(tempDir(), "bundled");
    const r = spawnSync(process.execPath, [bin, "check-backup", backup, "-o", out, "--iocs", TEST_STIX2, "--module", "SMS"], { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "", SPYGLASS_WORKERS: "2" } });
    assert.equal(r.status, 10, r.stderr);
    assert.deepEqual(results(out), runs.serial);
    assert.deepEqual(JSON.parse(readFileSync(join(out, "info.json"), "utf8")).threads, { jobs: 12, redone_on_main_thread: 0 });
  }
});
