/**
 * The mistakes people make, end to end as a user runs the CLI (issue 15, items 1, 2, 4, 8, 9): the wrong input
 * is refused in one line saying what it is, nothing is written inside the evidence, a results folder is one run,
 * usage mistakes are one line and exit 2, file-system errors are plain sentences, and check-iocs --output
 * writes a new results folder without touching the earlier one.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spyglass, hashTree, copyTree } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { MVT_BACKUP, SHARED } from "./helpers/run-module.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";
import { computeVerdict, verdictText } from "../src/checks/verdict.ts";

const MVT = SHARED + "peer-artifacts/mvt/";
const json = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), "utf8"));
const oneLine = (r: { stderr: string }) => assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);

test("the wrong input is refused in one line saying what it is (exit 2); nothing is written", () => {
  const empty = tempDir();
  const cases: [string[], RegExp][] = [
    [["check-androidqf", empty], /is an empty folder, not an androidqf acquisition/],
    [["check-bugreport", empty], /is an empty folder, not an Android bugreport/],
    [["check-intrusion-logs", empty], /is an empty folder, not Android intrusion logs/],
    [["check-androidqf", MVT_BACKUP], /this is an iPhone backup, not an androidqf acquisition: use spyglass check-backup/],
    [["check-bugreport", MVT_BACKUP], /this is an iPhone backup, not an Android bugreport: use spyglass check-backup/],
    [["check-intrusion-logs", MVT_BACKUP], /this is an iPhone backup, not Android intrusion logs: use spyglass check-backup/],
    [["check-backup", MVT + "androidqf"], /this is an androidqf acquisition, not an iPhone backup: use spyglass check-androidqf/],
    [["check-androidqf", MVT + "android_data/bugreport"], /this is an Android bugreport, not an androidqf acquisition: use spyglass check-bugreport/],
    [["report", empty], /is an empty folder, not a results folder/],
    [["check-iocs", empty], /is an empty folder, not a results folder/],
    [["report", MVT_BACKUP], /this is an iPhone backup, not a results folder of Spyglass or MVT: use spyglass check-backup/],
  ];
  for (const [args, message] of cases) {
    const out = join(tempDir(), "o");
    const r = spyglass([...args, ...(args[0]!.startsWith("check-") && args[0] !== "check-iocs" ? ["-o", out] : [])]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    oneLine(r);
    assert.doesNotMatch(r.stdout, /NO KNOWN TRACES/i);
    assert.ok(!existsSync(out), "no results folder made for a refused input");
  }
  assert.deepEqual(readdirSync(empty), [], "report wrote nothing into the folder it refused");
});

test("an androidqf zip holding only getprop.txt: info.json and --json say what was examined and what is missing", () => {
  const out = join(tempDir(), "o");
  const r = spyglass(["check-androidqf", MVT + "androidqf.zip", "-o", out, "--no-indicators", "--json"]);
  assert.ok(r.code === 0 || r.code === 11, r.stderr);
  const expected = {
    examined: ["system properties (getprop.txt)"],
    missing: ["installed apps (packages.json)", "running processes (ps.txt)", "system services (dumpsys.txt)", "settings (settings_*.txt)", "file list (files.json)"],
  };
  assert.deepEqual(json(out, "info.json").coverage, expected);
  assert.deepEqual(JSON.parse(r.stdout).coverage, expected);
  const text = spyglass(["check-androidqf", MVT + "androidqf.zip", "-o", join(tempDir(), "o"), "--no-indicators"]);
  assert.match(text.stdout, /Not examined, missing from this acquisition: installed apps \(packages\.json\), running processes/);
});

test("nothing is written inside the evidence: results, report, decrypted copy and key refused there, symbolic links resolved", () => {
  const backup = copyTree(MVT_BACKUP, join(tempDir(), "backup"));
  const before = hashTree(backup);
  const link = join(tempDir(), "link");
  symlinkSync(backup, link);
  const refused = [
    ["check-backup", backup, "-o", join(backup, "results")],
    ["check-backup", backup, "-o", backup],
    ["check-backup", backup, "-o", join(link, "results")],
    ["decrypt-backup", backup, join(link, "plain")],
    ["extract-key", backup, "-o", join(backup, "backup.key")],
  ];
  for (const args of refused) {
    const r = spyglass(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /is inside the evidence .*: write the .* elsewhere, evidence is never written to/);
    oneLine(r);
  }
  const report = spyglass(["report", backup]);
  assert.equal(report.code, 2);
  assert.match(report.stderr, /this is an iPhone backup, not a results folder/);
  assert.deepEqual(hashTree(backup), before, "no evidence file changed or appeared");
});

test("a results folder is one run: earlier results refused untouched (exit 2); --overwrite empties only a results folder", () => {
  const out = join(tempDir(), "o");
  assert.equal(spyglass(["check-backup", MVT_BACKUP, "-o", out, "--iocs", TEST_STIX2]).code, 10);
  assert.ok(existsSync(join(out, "sms_detected.json")));
  const before = hashTree(out);
  const again = spyglass(["check-backup", MVT_BACKUP, "-o", out, "--no-indicators"]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /holds the results of an earlier run: give a new folder, or --overwrite to replace them/);
  oneLine(again);
  assert.deepEqual(hashTree(out), before, "nothing touched");
  const over = spyglass(["check-backup", MVT_BACKUP, "-o", out, "--no-indicators", "--overwrite"]);
  assert.equal(over.code, 0, over.stderr);
  assert.ok(!existsSync(join(out, "sms_detected.json")), "the first run's detections are gone");
  assert.equal(json(out, "verdict.json").outcome, "no_known_traces");

  const mine = tempDir();
  writeFileSync(join(mine, "thesis.txt"), "years of work");
  const r = spyglass(["check-backup", MVT_BACKUP, "-o", mine, "--overwrite"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /is not empty and holds no Spyglass or MVT results/);
  assert.deepEqual(readdirSync(mine), ["thesis.txt"], "an arbitrary folder is never emptied");
});

test("usage mistakes: one line pointing to --help, exit 2; an unknown module lists the nearest names", () => {
  const cases: [string[], RegExp][] = [
    [[], /give a command.*\(see spyglass --help\)/],
    [["chek-backup"], /unknown command 'chek-backup'.*\(see spyglass --help\)/],
    [["check-backup", MVT_BACKUP, "--bogus"], /unknown option '--bogus' \(see spyglass check-backup --help\)/],
    [["check-backup", MVT_BACKUP, "-o"], /argument missing \(see spyglass check-backup --help\)/],
    [["check-backup"], /check-backup needs a path \(see spyglass check-backup --help\)/],
    [["check-backup", MVT_BACKUP, "-m", "smss"], /unknown module "smss" for check-backup; nearest: sms, /],
    [["check-bugreport", MVT + "android_data/bugreport", "-m", "tombstone"], /nearest: tombstones/],
    [["check-backup", MVT_BACKUP, "-o", ""], /the results folder is empty text/],
    [["check-bugreport", MVT + "android_data/bugreport", "--backup-password", "x"], /unknown option '--backup-password'/],
  ];
  for (const [args, message] of cases) {
    const r = spyglass(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    oneLine(r);
    assert.doesNotMatch(r.stderr, /Usage:|Options:/, "not the whole help");
  }
});

test("paths are checked before the long work, and file-system errors are one plain sentence naming the path", () => {
  const missing = join(tempDir(), "none.key");
  const key = spyglass(["check-backup", MVT_BACKUP, "-o", join(tempDir(), "o"), "--key-file", missing]);
  assert.equal(key.code, 1);
  assert.equal(key.stderr.trim(), `spyglass: the key file ${missing} does not exist or cannot be read`);
  const iocs = spyglass(["check-backup", MVT_BACKUP, "-o", join(tempDir(), "o"), "--iocs", missing]);
  assert.equal(iocs.code, 1);
  assert.match(iocs.stderr, /none\.key does not exist \(indicator file or folder given with --iocs\)/);
  assert.doesNotMatch(iocs.stderr, /Loaded/, "before the indicators load");
  const file = join(tempDir(), "a-file");
  writeFileSync(file, "x");
  const notDir = spyglass(["check-backup", MVT_BACKUP, "-o", join(file, "results"), "--no-indicators"]);
  assert.equal(notDir.code, 1);
  assert.match(notDir.stderr, /a-file\/results cannot be used: a part of the path is a file, not a folder/);
  for (const r of [key, iocs, notDir]) {
    oneLine(r);
    assert.doesNotMatch(r.stderr, /ENOENT|ENOTDIR|EACCES|EEXIST|errno/);
  }
});

test("options only where they apply, one meaning each; decrypt-backup's help lists its own exit codes", () => {
  const help = (cmd: string) => spyglass([cmd, "--help"]).stdout;
  assert.doesNotMatch(help("check-bugreport"), /--backup-password|--age-identity/);
  assert.doesNotMatch(help("check-intrusion-logs"), /--backup-password|--age-identity/);
  assert.match(help("check-android-backup"), /^\s+--backup-password <password>/m, "no -p: -p is the iPhone backup's password");
  assert.doesNotMatch(help("check-android-backup"), /-p, /);
  assert.match(help("check-backup"), /-p, --password <password>/);
  assert.match(help("check-androidqf"), /--age-identity/);
  const iocs = /--iocs <file>[\s\S]*?(?=\n\s+-)/.exec(help("check-backup"))![0]; // the option's text, wrapped
  assert.equal(iocs.match(/default/g)?.length, 1, iocs);
  const decrypt = help("decrypt-backup");
  assert.match(decrypt, /every file was decrypted/);
  assert.doesNotMatch(decrypt, /known spyware|needs expert review/);
});

test("check-iocs RESULTS --output NEW: the earlier records with the new indicators' alerts, a new verdict and report; the earlier folder untouched", () => {
  const first = join(tempDir(), "first");
  assert.equal(spyglass(["check-backup", MVT_BACKUP, "-o", first, "--no-indicators"]).code, 0);
  const before = hashTree(first);
  const second = join(tempDir(), "second");
  const r = spyglass(["check-iocs", first, "--iocs", TEST_STIX2, "--output", second]);
  assert.equal(r.code, 10, r.stderr);
  assert.match(r.stderr, /Loaded \d+ distinct indicators from 1 indicator file\n/, "singular: one file");
  assert.match(r.stdout, new RegExp(`Results written to ${second}`));
  assert.deepEqual(hashTree(first), before, "the earlier folder is not changed");
  assert.equal(readFileSync(join(second, "sms.json"), "utf8"), readFileSync(join(first, "sms.json"), "utf8"), "records copied as they were");
  assert.equal(readFileSync(join(second, "timeline.csv"), "utf8"), readFileSync(join(first, "timeline.csv"), "utf8"));
  const detected = json(second, "sms_detected.json") as { matched_indicator: unknown }[];
  assert.ok(detected.some((a) => a.matched_indicator), "the new indicators matched the earlier SMS");
  assert.equal(json(second, "verdict.json").outcome, "known_spyware");
  assert.equal(json(first, "verdict.json").outcome, "no_known_traces");
  const info = json(second, "info.json");
  assert.equal(info.command, json(first, "info.json").command, "the kind of acquisition stays known");
  assert.equal(info.rechecked.from, first);
  assert.deepEqual(info.ioc_files, [TEST_STIX2]);
  assert.match(readFileSync(join(second, "report.html"), "utf8"), /Traces of known spyware found/);
  // The new folder follows the same rules: not inside the earlier one, not over earlier results.
  const inside = spyglass(["check-iocs", first, "--iocs", TEST_STIX2, "--output", join(first, "again")]);
  assert.equal(inside.code, 2);
  const reused = spyglass(["check-iocs", first, "--iocs", TEST_STIX2, "--output", second]);
  assert.equal(reused.code, 2);
  assert.match(reused.stderr, /holds the results of an earlier run/);
});

test("a long message in the terminal's verdict is cut at a word and ends in …, never mid-sentence without a mark", () => {
  const message = "Suspicious process " + "word ".repeat(120) + "END";
  const v = computeVerdict({ alerts: [{ level: "HIGH", module: "processes", message, event_time: "", event: {}, matched_indicator: null }], indicators: 0 });
  const text = verdictText(v);
  const item = /Suspicious process[\s\S]*?(?=\n\n|\n- )/.exec(text)![0].replace(/\s+/g, " "); // wrapped over lines
  assert.ok(item.endsWith("word…"), item.slice(-40));
  assert.ok(!text.includes("END"));
});
