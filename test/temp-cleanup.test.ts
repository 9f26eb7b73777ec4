/**
 * No copy of evidence outlives a run: the CLI as installed (bin/spyglass.js) with TMPDIR set to a fresh folder,
 * stopped by SIGINT, SIGTERM and SIGKILL at several points of a generated backup's scan, and on error paths;
 * afterwards nothing of ours is left in TMPDIR (after SIGKILL, once the next run started) and an interrupted
 * run's results folder is marked INCOMPLETE, which `report` and `check-iocs` say.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { tempDir } from "./helpers/tmp.ts";
import { IosBackupBuilder } from "./builders/ios-backup.ts";
import { buildSmsDb } from "./builders/ios/sms.ts";
import { encryptBackup } from "./builders/ios-backup-encrypted.ts";

const BIN = new URL("../bin/spyglass.js", import.meta.url).pathname;
const PASSWORD = "correct horse battery staple 42";

/**
 * sms.db in WAL mode, so the scan copies it into the run's temp folder (the copy that must not outlive the run);
 * 100,000 messages take a few seconds to check, long enough to stop the run at each point.
 */
function smsBackup(dir: string, messages: number): string {
  const b = new IosBackupBuilder(dir);
  b.sqlite(
    "HomeDomain",
    "Library/SMS/sms.db",
    (db) =>
      buildSmsDb(
        db,
        (function* () {
          for (let i = 0; i < messages; i++) {
            const date = new Date(Date.UTC(2024, 0, 1) + i * 30_000).toISOString().replace("T", " ").slice(0, 19);
            yield { text: `Message ${i}: https://example${i % 50}.com/a/${i}`, handle: `+1415555${String(i % 1000).padStart(4, "0")}`, date };
          }
        })(),
      ),
    { wal: true },
  );
  return b.finish();
}

const big = smsBackup(join(tempDir(), "big"), 100_000);
const small = smsBackup(join(tempDir(), "small"), 20);
const encrypted = join(tempDir(), "encrypted");
encryptBackup(small, encrypted, PASSWORD);

/** Everything of Spyglass's in a TMPDIR (its run folders, and the per-copy prefixes of earlier versions). */
const ours = (tmp: string) => readdirSync(tmp).filter((n) => n.startsWith("spyglass-"));

function freshTmp(): string {
  const t = join(tempDir(), "TMPDIR");
  mkdirSync(t);
  return t;
}

function run(args: string[], tmp: string, env: Record<string, string> = {}) {
  const r = spawnSync(BIN, args, { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "", TMPDIR: tmp, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What the run's temp folder holds (names of the folders inside), or undefined before it exists. */
function runTempContents(tmp: string): string[] | undefined {
  const dir = ours(tmp).find((n) => n.startsWith("spyglass-run-"));
  if (!dir) return undefined;
  try {
    return readdirSync(join(tmp, dir));
  } catch {
    return undefined;
  }
}

/**
 * Starts a check of `backup`, waits until `reached` holds, freezes the process (SIGSTOP) so the state seen is
 * the state at the signal, sends `signal`, and lets it go on. Returns the exit, what the temp folder held at the
 * signal, and the results folder.
 */
async function stopAt(signal: NodeJS.Signals, reached: (tmp: string, out: string) => boolean, env: Record<string, string> = {}) {
  const tmp = freshTmp();
  const out = join(tempDir(), "results");
  const child = spawn(BIN, ["check-backup", big, "-o", out, "--no-indicators"], { env: { ...process.env, SPYGLASS_IOCS: "", TMPDIR: tmp, ...env } });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, sig) => resolve({ code, signal: sig })));
  let finished = false;
  void exited.then(() => (finished = true));
  while (!reached(tmp, out)) {
    assert.ok(!finished, `the run ended before the point to stop it: ${stderr}`);
    await sleep(5);
  }
  child.kill("SIGSTOP");
  assert.ok(reached(tmp, out), "still at the point once stopped");
  const atSignal = runTempContents(tmp) ?? [];
  child.kill(signal);
  child.kill("SIGCONT");
  const exit = await exited;
  return { tmp, out, exit, stderr, atSignal };
}

const hasCopy = (tmp: string) => (runTempContents(tmp) ?? []).some((n) => n.startsWith("db-"));
const hasScratch = (tmp: string) => (runTempContents(tmp) ?? []).some((n) => n.startsWith("scratch-"));
const writingTimeline = (out: string) => existsSync(join(out, "timeline.csv")) && !existsSync(join(out, "verdict.json"));

function assertInterrupted(r: Awaited<ReturnType<typeof stopAt>>, code: number, reason: string) {
  assert.equal(r.exit.code, code, r.stderr);
  assert.deepEqual(ours(r.tmp), [], "nothing of Spyglass's left in TMPDIR");
  const lines = r.stderr.trim().split("\n");
  assert.match(lines[lines.length - 1]!, /^spyglass: stopped by /);
  assert.equal(lines.filter((l) => l.startsWith("spyglass: stopped")).length, 1, "one line about the stop");
  assert.equal(readFileSync(join(r.out, "INCOMPLETE"), "utf8").trim(), reason);
  const info = JSON.parse(readFileSync(join(r.out, "info.json"), "utf8"));
  assert.equal(info.complete, false);
  assert.equal(info.incomplete_reason, reason);
  assert.match(readFileSync(join(r.out, "command.log"), "utf8"), new RegExp(`WARNING - Run not finished: ${reason}; these results are incomplete\n$`));
}

test("Ctrl-C early (the SQLite copy just made): exit 130, the copy removed, results marked INCOMPLETE", async () => {
  const r = await stopAt("SIGINT", (tmp) => hasCopy(tmp));
  assert.ok(r.atSignal.some((n) => n.startsWith("db-")), `a copy of sms.db was in the temp folder at the signal: ${r.atSignal}`);
  assertInterrupted(r, 130, "interrupted by SIGINT");
});

test("Ctrl-C during the scan (records streaming, timeline runs spilled): nothing left, marked INCOMPLETE", async () => {
  const r = await stopAt("SIGINT", (tmp, out) => hasScratch(tmp) && existsSync(join(out, "sms.json")));
  assert.ok(r.atSignal.some((n) => n.startsWith("scratch-")), `spilled timeline runs at the signal: ${r.atSignal}`);
  assertInterrupted(r, 130, "interrupted by SIGINT");
});

test("Ctrl-C while sms.db is parsed on the main thread alone: answered mid-module, not when the module ends", async () => {
  const r = await stopAt("SIGINT", (tmp, out) => hasCopy(tmp) && existsSync(join(out, "sms.json")), { SPYGLASS_WORKERS: "0" });
  assertInterrupted(r, 130, "interrupted by SIGINT");
  // sms.json's list is closed when the module ends: still open, the signal was answered mid-module.
  assert.doesNotMatch(readFileSync(join(r.out, "sms.json"), "utf8").trimEnd(), /\]$/, "stopped before the module's end");
});

test("SIGTERM while the timeline is written: exit 143, nothing left, marked INCOMPLETE", async () => {
  const r = await stopAt("SIGTERM", (tmp, out) => writingTimeline(out));
  assertInterrupted(r, 143, "interrupted by SIGTERM");
});

test("SIGHUP (the terminal closed) during the scan: exit 129, nothing left, marked INCOMPLETE", async () => {
  const r = await stopAt("SIGHUP", (tmp) => hasCopy(tmp));
  assertInterrupted(r, 129, "interrupted by SIGHUP");
});

test("SIGKILL leaves the temp folder; the next run removes it, and only folders of ours whose process is gone", async () => {
  const r = await stopAt("SIGKILL", (tmp) => hasCopy(tmp));
  assert.equal(r.exit.signal, "SIGKILL");
  const left = ours(r.tmp);
  assert.equal(left.length, 1, "the killed run's folder is left behind");
  assert.match(left[0]!, /^spyglass-run-\d+-\w{6}$/);
  assert.equal(statSync(join(r.tmp, left[0]!)).mode & 0o777, 0o700, "private to this user");
  assert.ok(existsSync(join(r.out, "INCOMPLETE")), "the killed run's results are marked");
  // Not ours to remove: a live process's folder (this test's pid), a name that is not ours, a file.
  const live = `spyglass-run-${process.pid}-abcdef`;
  mkdirSync(join(r.tmp, live));
  mkdirSync(join(r.tmp, "spyglass-run-notours"));
  writeFileSync(join(r.tmp, "spyglass-run-999999999-zzzzzz"), "a file");
  const next = run(["check-backup", small, "-o", join(tempDir(), "next"), "--no-indicators"], r.tmp);
  assert.equal(next.code, 0, next.stderr); // example0–19.com: no lookalike (example11 was a doubled-letter false positive)
  assert.deepEqual(ours(r.tmp).sort(), [live, "spyglass-run-999999999-zzzzzz", "spyglass-run-notours"]);
  // report and check-iocs on the killed run's folder say it is incomplete.
  for (const args of [["report", r.out], ["check-iocs", r.out]]) {
    const said = run(args, r.tmp);
    assert.match(said.stderr, /INCOMPLETE \(the run did not finish\)/, `${args[0]}: ${said.stderr}`);
  }
});

test("error paths leave nothing in TMPDIR: unwritable results, mistyped --iocs, wrong password, decrypted copy on error", () => {
  const tmp = freshTmp();
  const results = (name: string) => join(tempDir(), name);
  // Where a result file must go stands a folder: the write fails after the scan (the SQLite copy made), or at
  // the start for an encrypted backup (its Manifest.db already decrypted into the temp folder).
  const blocked = results("blocked");
  mkdirSync(join(blocked, "info.json"), { recursive: true });
  const blockedEarly = results("blocked-early");
  mkdirSync(join(blockedEarly, "command.log"), { recursive: true });
  const file = join(tempDir(), "a-file");
  writeFileSync(file, "not a folder");
  const cases: [string, string[], Record<string, string>][] = [
    ["write error after the scan", ["check-backup", small, "-o", blocked, "--no-indicators"], {}],
    ["write error, decrypted", ["check-backup", encrypted, "-o", blockedEarly, "--no-indicators"], { SPYGLASS_BACKUP_PASSWORD: PASSWORD }],
    ["output is a file", ["check-backup", small, "-o", join(file, "sub")], {}],
    ["mistyped --iocs", ["check-backup", small, "-o", results("iocs"), "--iocs", join(tmp, "no-such.stix2")], {}],
    ["wrong password", ["check-backup", encrypted, "-o", results("wrong")], { SPYGLASS_BACKUP_PASSWORD: "not the password" }],
    ["decrypted, then mistyped --iocs", ["check-backup", encrypted, "-o", results("dec"), "--iocs", join(tmp, "no-such.stix2")], { SPYGLASS_BACKUP_PASSWORD: PASSWORD }],
  ];
  for (const [what, args, env] of cases) {
    const r = run(args, tmp, env);
    assert.ok(r.code === 1 || r.code === 2, `${what}: exit ${r.code} ${r.stderr}`);
    assert.deepEqual(ours(tmp), [], `${what}: nothing left in TMPDIR`);
  }
  // A folder that already holds something in a result file's place is refused before the run starts (issue 15,
  // item 4): it is left as it was, with no INCOMPLETE mark of a run that never began.
  assert.ok(!existsSync(join(blocked, "INCOMPLETE")));
});

test("a finished run leaves no INCOMPLETE mark and nothing in TMPDIR", () => {
  const tmp = freshTmp();
  const out = join(tempDir(), "done");
  const r = run(["check-backup", small, "-o", out, "--no-indicators"], tmp);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!existsSync(join(out, "INCOMPLETE")));
  assert.equal(JSON.parse(readFileSync(join(out, "info.json"), "utf8")).complete, undefined);
  assert.deepEqual(ours(tmp), []);
  assert.doesNotMatch(run(["report", out], tmp).stderr, /INCOMPLETE/);
});
