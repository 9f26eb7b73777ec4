/**
 * Issue 15 item 5, bounded work on hostile input: each hostile file built in code (scaled down where the bound allows)
 * and given to the CLI as installed (bin/spyglass.js: dist/ after `npm run build`, heap capped at 512 MB), with its
 * peak RSS and time measured by /usr/bin/time. Bounds are loose (a shared machine) but each is well under what the
 * same input cost before the fix.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync, constants as zlib } from "node:zlib";
import { buildTar, buildZip, telephonyBackup } from "./builders/android.ts";
import { IosBackupBuilder } from "./builders/ios-backup.ts";
import { tempDir } from "./helpers/tmp.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const BIN = join(ROOT, "bin/spyglass.js");
const TIME = "/usr/bin/time";
const MiB = 1024 * 1024;

/** Newest modification time of the sources under a folder, tests left out (was dist/ built after the last change?). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) t = Math.max(t, newest(join(dir, e.name)));
    else if (!e.name.endsWith(".test.ts")) t = Math.max(t, statSync(join(dir, e.name)).mtimeMs);
  }
  return t;
}

/** Runs the installed CLI (executed through its shebang, so with its heap cap); RSS in bytes when /usr/bin/time exists. */
function installed(args: string[], rawPath?: Buffer) {
  const dist = join(ROOT, "dist/spyglass.js");
  if (existsSync(dist)) assert.ok(statSync(dist).mtimeMs >= newest(join(ROOT, "src")), "dist/ is older than src/: run `npm run build` first");
  const tmp = tempDir("spyglass-hostile-tmp-");
  const timed = existsSync(TIME);
  const start = Date.now();
  // A path of raw bytes (not UTF-8) cannot be a JavaScript string: the shell's printf puts it in argv, as "$0".
  const printf = rawPath && [...rawPath].map((b) => "\\" + b.toString(8).padStart(3, "0")).join("");
  const command = timed ? [TIME, "-f", "\nRSS_KB=%M", BIN, ...args] : [BIN, ...args];
  const [file, argv] = printf === undefined ? [command[0]!, command.slice(1)] : ["/bin/sh", ["-c", `exec "$@" "$(printf '${printf}')"`, "sh", ...command]];
  const r = spawnSync(file, argv, {
    encoding: "utf8",
    env: { ...process.env, SPYGLASS_IOCS: "", TMPDIR: tmp },
    timeout: 120_000,
  });
  const seconds = (Date.now() - start) / 1000;
  const rss = /RSS_KB=(\d+)/.exec(r.stderr)?.[1];
  return { code: r.status, stderr: r.stderr, seconds, rssBytes: rss === undefined ? undefined : Number(rss) * 1024, tmpLeft: readdirSync(tmp) };
}

const warnings = (out: string) => readFileSync(join(out, "command.log"), "utf8").split("\n").filter((l) => l.includes(" - WARNING - "));
const noCrash = (r: ReturnType<typeof installed>, t: { diagnostic(m: string): void }) => {
  t.diagnostic(`exit ${r.code}, ${r.seconds.toFixed(1)} s, peak RSS ${r.rssBytes === undefined ? "?" : Math.round(r.rssBytes / MiB) + " MiB"}`);
  assert.ok(r.code === 0 || r.code === 10 || r.code === 11, `exit ${r.code}: ${r.stderr.slice(-2000)}`);
  assert.doesNotMatch(r.stderr, /FATAL ERROR|heap out of memory|RangeError/);
  if (r.rssBytes !== undefined) assert.ok(r.rssBytes < 1024 * MiB, `peak RSS ${r.rssBytes} under 1 GiB`);
};

test("a bugreport whose dumpstate.txt is one 256 MiB line of NUL bytes: one warning naming it, read only up to the line bound", (t) => {
  const dir = tempDir();
  const zip = join(dir, "bugreport.zip");
  // Level 1 deflates a run of one byte 229:1 (as the file), under the zip reader's bomb ratio, so it is read.
  writeFileSync(zip, buildZip([{ name: "main_entry.txt", data: "dumpstate.txt" }, { name: "dumpstate.txt", data: Buffer.alloc(256 * MiB), level: 1 }]));
  const out = join(dir, "out");
  const r = installed(["check-bugreport", zip, "-o", out, "--no-indicators"]);
  noCrash(r, t);
  const w = warnings(out);
  assert.equal(w.length, 1, w.join("\n"));
  assert.match(w[0]!, /dumpstate\.txt: The file is not line text from byte 0 on \(a line longer than 16777216 bytes/);
  // Ten modules read the dumpstate: reading all of it took ~20 s here (100 MiB: 8 s); 16 MiB each takes ~1 s.
  assert.ok(r.seconds < 10, `${r.seconds} s`);
});

test("an androidqf zip whose bugreport.zip inflates to 300 MiB: spilled to the run's temp folder, not memory, and removed", (t) => {
  const dir = tempDir();
  const dumpstate = "DUMP OF SERVICE package:\nPackages:\n";
  const inner = buildZip([{ name: "main_entry.txt", data: "dumpstate.txt" }, { name: "dumpstate.txt", data: dumpstate }, { name: "FS/filler.bin", data: Buffer.alloc(300 * MiB, 0x20), method: "store" }]);
  const zip = join(dir, "androidqf.zip");
  writeFileSync(zip, buildZip([{ name: "getprop.txt", data: "[ro.build.version.release]: [14]\n" }, { name: "bugreport.zip", data: inner, level: 1 }]));
  const out = join(dir, "out");
  const r = installed(["check-androidqf", zip, "-o", out, "--no-indicators"]);
  noCrash(r, t);
  // The nested bugreport was read: its member listing is in the results.
  assert.deepEqual(JSON.parse(readFileSync(join(out, "bugreport_timestamps.json"), "utf8")).map((t: { path: string }) => t.path), ["FS/filler.bin"]);
  // Inflated whole into memory it cost 409 MB of RSS (900 MiB: over 1 GiB); spilled, ~120 MB whatever its size.
  if (r.rssBytes !== undefined) assert.ok(r.rssBytes < 300 * MiB, `peak RSS ${Math.round(r.rssBytes / MiB)} MiB stays under the member's size`);
  assert.deepEqual(r.tmpLeft, [], "the spilled member is removed with the run's temp folder");
});

test("an iPhone backup whose Info.plist is over 64 MiB: refused unread with a warning naming it, the rest of the backup read", (t) => {
  const dir = tempDir();
  const backup = new IosBackupBuilder(join(dir, "backup")).finish();
  writeFileSync(join(backup, "Info.plist"), `<?xml version="1.0"?><plist version="1.0"><dict><key>k</key><string>${"x".repeat(65 * MiB)}</string></dict></plist>`);
  const out = join(dir, "out");
  const r = installed(["check-backup", backup, "-o", out, "--no-indicators"]);
  noCrash(r, t);
  const w = warnings(out).filter((l) => l.includes("Info.plist"));
  assert.ok(w.length >= 1 && w.every((l) => /Info\.plist: \d+ bytes, over the 64 MiB limit for a plist: not read/.test(l)), w.join("\n"));
  assert.ok(r.seconds < 10, `${r.seconds} s (a 160 MB one took 14–20 s)`);
});

test("a backup folder whose name is not valid UTF-8 is read (it was \"does not exist\")", { skip: process.platform !== "linux" }, (t) => {
  const dir = tempDir();
  const backup = new IosBackupBuilder(join(dir, "backup")).info({ "Device Name": "Bytes phone" }).finish();
  const raw = Buffer.concat([Buffer.from(join(dir, "backup-")), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from("-x")]);
  renameSync(backup, raw);
  const out = join(dir, "out");
  const r = installed(["check-backup", "--no-indicators", "-o", out], raw);
  noCrash(r, t);
  assert.equal(JSON.parse(readFileSync(join(out, "backup_info.json"), "utf8"))["Device Name"], "Bytes phone");
});

/** A tar header for a member of `size` bytes (GNU base-256 size, for sizes past the octal field's 8 GiB). */
function bigMemberHeader(name: string, size: number): Buffer {
  const h = Buffer.from(buildTar([{ name, data: "" }], { endBlocks: false }).subarray(0, 512));
  h.fill(0, 124, 136);
  h[124] = 0x80;
  h.writeUIntBE(size, 130, 6);
  h.fill(0x20, 148, 156);
  const sum = h.reduce((a, b) => a + b, 0);
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
  return h;
}

test("an .ab with a 16 GiB member no module reads, after the SMS: reading stops there, nothing of it inflated (61 s before)", (t) => {
  // The zlib stream is built from pieces: each is a fresh raw deflate ended by a sync flush (no back-references out
  // of it), so one 64 MiB piece of zeros (64 KB compressed) repeated 256 times is 16 GiB in a 17 MB file.
  const sms = telephonyBackup([{ address: "+15550100", body: "hello", date: "1700000000000", type: "1" }]);
  const head = Buffer.concat([buildTar([{ name: "apps/com.android.providers.telephony/d_f/000000_sms_backup", data: sms }], { endBlocks: false }), bigMemberHeader("apps/com.example.big/f/video.bin", 16 * 1024 * MiB)]);
  const sync = (b: Buffer) => deflateRawSync(b, { finishFlush: zlib.Z_SYNC_FLUSH });
  const zeros = sync(Buffer.alloc(64 * MiB));
  const pieces = [Buffer.from("ANDROID BACKUP\n5\n1\nnone\n"), Buffer.from([0x78, 0x9c]), sync(head), ...Array(256).fill(zeros), deflateRawSync(Buffer.alloc(1024))];
  // (No Adler-32 trailer: a reader that reached the end would call the file damaged. It must never get there.)
  const dir = tempDir();
  const ab = join(dir, "backup.ab");
  writeFileSync(ab, Buffer.concat(pieces));
  const out = join(dir, "out");
  const r = installed(["check-android-backup", ab, "-o", out, "--no-indicators"]);
  noCrash(r, t);
  assert.deepEqual(warnings(out), []);
  assert.deepEqual(JSON.parse(readFileSync(join(out, "sms.json"), "utf8")).map((m: { body: string }) => m.body), ["hello"]);
  assert.ok(r.seconds < 10, `${r.seconds} s`);
});
