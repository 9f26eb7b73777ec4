/**
 * Memory flat in the number of alerts (issue 15, item 6), through the CLI as installed (bin/spyglass.js: dist/ when
 * built, its 512 MB heap cap): 10^5 SMS, each with a link to a domain of a generated STIX2 bundle, make 10^5
 * CRITICAL alerts. The run finishes, writes every one to alerts.json, and stays under 1 GiB peak RSS. Every tenth
 * message also carries a shortened link: one note for the shortener, not one per message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { tempDir } from "./helpers/tmp.ts";
import { TEST_STIX2, testBundle } from "./helpers/indicators.ts";
import { MVT_BACKUP } from "./helpers/run-module.ts";
import { IosBackupBuilder } from "./builders/ios-backup.ts";
import { buildSmsDb } from "./builders/ios/sms.ts";
import { jsonListItems } from "../src/outputs/json-items.ts";

const BIN = new URL("../bin/spyglass.js", import.meta.url).pathname;
const MESSAGES = 100_000;

/** Items of a JSON list file, streamed (alerts.json here is ~200 MB). */
async function* fileItems(path: string): AsyncGenerator<unknown> {
  yield* jsonListItems(createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity }));
}

test("10^5 alerts through the installed CLI: all in alerts.json, peak RSS under 1 GiB, one note per shortener", { skip: !existsSync("/usr/bin/time") && "needs /usr/bin/time" }, async () => {
  const dir = tempDir();
  const b = new IosBackupBuilder(join(dir, "backup"));
  const start = Date.parse("2024-03-01T00:00:00Z");
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) =>
    buildSmsDb(
      db,
      (function* () {
        for (let i = 0; i < MESSAGES; i++) {
          const short = i % 10 === 0 ? ` and https://t.co/${i.toString(36)}` : "";
          yield {
            text: `Your parcel ${i} is held: https://track-${i % 97}.spy-courier.example.net/p/${i}${short}`,
            handle: `+1415555${String(i % 500).padStart(4, "0")}`,
            date: new Date(start + i * 61_000).toISOString().replace("T", " ").slice(0, 19),
          };
        }
      })(),
      // The iOS 10 schema: fewer columns, smaller alerts (the run writes each twice); the path through is the same.
      { legacy: true },
    ),
  );
  const backup = b.finish();
  const stix = join(dir, "courier.stix2");
  writeFileSync(stix, testBundle(["domain-name:value", "spy-courier.example.net"]));
  const out = join(dir, "out");

  // The bin itself, so that its shebang's V8 flags (the heap cap) apply; GNU time reports the peak RSS in KiB.
  const r = spawnSync("/usr/bin/time", ["-f", "PEAK_RSS_KIB %M", BIN, "check-backup", backup, "-o", out, "--iocs", stix, "--module", "SMS"], {
    encoding: "utf8",
    env: { ...process.env, SPYGLASS_IOCS: "" },
    timeout: 300_000,
    maxBuffer: 1 << 26,
  });
  assert.equal(r.status, 10, r.stderr.slice(-3000));
  const rssKiB = Number(/PEAK_RSS_KIB (\d+)/.exec(r.stderr)?.[1]);
  assert.ok(rssKiB > 0 && rssKiB < 1024 * 1024, `peak RSS ${(rssKiB / 1024).toFixed(0)} MiB`);

  let sms = 0;
  let shortenerNotes = 0;
  for await (const item of fileItems(join(out, "alerts.json"))) {
    const a = item as { module: string; level: string; message: string; matched_indicator: unknown };
    if (a.module === "sms" && a.level === "CRITICAL" && a.matched_indicator) sms++;
    if (/t\.co/.test(a.message)) shortenerNotes++;
  }
  assert.equal(sms, MESSAGES, "every alert is in alerts.json");
  assert.equal(shortenerNotes, 1, "one note for the shortener t.co, not one per message");
  // sms_detected.json is written by the same writer: its items counted by their opening lines (4-space indent).
  let detected = 0;
  for await (const line of createInterface({ input: createReadStream(join(out, "sms_detected.json"), { encoding: "utf8" }), crlfDelay: Infinity })) if (line === "    {") detected++;
  assert.equal(detected, MESSAGES);

  const verdict = JSON.parse(readFileSync(join(out, "verdict.json"), "utf8")) as { outcome: string; evidence: unknown[]; evidence_total: number };
  assert.equal(verdict.outcome, "known_spyware");
  assert.equal(verdict.evidence.length, 100);
  assert.ok(verdict.evidence_total > MESSAGES);
  assert.match(r.stdout, /^100000 CRITICAL alerts$/m);
  assert.match(r.stdout, /^… and 99,900 more detections in alerts\.json and report\.html$/m);
  assert.equal(r.stdout.split("\n").filter((l) => l.startsWith("DETECTED ")).length, 100);
  const report = readFileSync(join(out, "report.html"), "utf8");
  assert.match(report, /<p>100000 findings, most serious first/, "the SMS alerts (iOS's exploited version is an update, not a finding)");
  assert.equal([...report.matchAll(/<article class="card/g)].length, 202, "200 finding cards, the shortener's note and the iOS update");
  console.log(`10^5 alerts: peak RSS ${(rssKiB / 1024).toFixed(0)} MiB`);
});

test("the report a check writes from the alerts it emitted is the one `spyglass report` makes from alerts.json", () => {
  const out = join(tempDir(), "out");
  const r = spawnSync(BIN, ["check-backup", MVT_BACKUP, "-o", out, "--iocs", TEST_STIX2], { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "" } });
  assert.equal(r.status, 10, r.stderr);
  const written = readFileSync(join(out, "report.html"), "utf8");
  const again = spawnSync(BIN, ["report", out], { encoding: "utf8" });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(readFileSync(join(out, "report.html"), "utf8"), written);
});
