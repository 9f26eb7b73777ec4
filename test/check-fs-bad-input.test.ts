/**
 * check-fs on damaged and hostile dumps, through the CLI as installed (issue 12 item 6): a tar, a zip and a tar.gz cut
 * short, unreadable members (links, FIFOs, encrypted or bzip2 zip members), `../` and absolute member names, a member whose header claims
 * 5 GiB, a real 3 GiB member stored sparse, a sparse 5 GiB database in a folder dump. Each: one clear warning naming
 * the file, the rest analysed (the planted traces still found), the evidence unchanged, peak RSS under 1 GiB.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { buildTar } from "./builders/android.ts";
import { dumpTar, dumpTarGz, dumpZip, PLANTED, standardDump } from "./builders/ios-fs.ts";
import { installed, PEGASUS } from "./helpers/installed-bin.ts";
import { tempDir } from "./helpers/tmp.ts";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const base = tempDir("spyglass-fs-bad-");
const spy = standardDump(join(base, "dump"), { spyware: true });
const write = (name: string, data: Buffer) => (writeFileSync(join(base, name), data), join(base, name));
const digest = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

type Alert = { module: string; matched_indicator: { value: string } | null };
interface Outcome {
  code: number | null;
  warnings: { module: string; file: string; message: string }[];
  alerts: Alert[];
  files: number;
}

/** Runs check-fs; asserts it finished (no crash), stayed under 1 GiB and left the evidence as it was. */
function check(path: string, t: { diagnostic(m: string): void }, evidence: () => unknown = () => digest(path)): Outcome {
  const before = evidence();
  const out = join(tempDir(), "out");
  const r = installed(["check-fs", path, "-o", out, "--iocs", PEGASUS]);
  t.diagnostic(`exit ${r.code}, ${r.seconds.toFixed(1)} s, peak RSS ${r.rssBytes === undefined ? "?" : Math.round(r.rssBytes / MiB) + " MiB"}`);
  assert.ok(r.code === 0 || r.code === 10 || r.code === 11, `exit ${r.code}: ${r.stderr.slice(-2000)}`);
  assert.doesNotMatch(r.stderr, /FATAL ERROR|heap out of memory|RangeError/);
  if (r.rssBytes !== undefined) assert.ok(r.rssBytes < GiB, `peak RSS ${r.rssBytes} under 1 GiB`);
  assert.deepEqual(evidence(), before, "the evidence is unchanged");
  const info = JSON.parse(readFileSync(join(out, "info.json"), "utf8"));
  const alerts = JSON.parse(readFileSync(join(out, "alerts.json"), "utf8")) as Alert[];
  const files = existsSync(join(out, "filesystem.json")) ? (JSON.parse(readFileSync(join(out, "filesystem.json"), "utf8")) as unknown[]).length : 0;
  return { code: r.code, warnings: info.warnings, alerts, files };
}

const inputWarnings = (o: Outcome) => o.warnings.filter((w) => w.module === "input").map((w) => w.message);
const found = (o: Outcome, module: string, value: string) => o.alerts.some((a) => a.module === module && a.matched_indicator?.value === value);

test("a tar cut short: one warning naming the member cut, the members before it analysed", (t) => {
  const tar = dumpTar(spy);
  const path = write("cut.tar", tar.subarray(0, Math.floor(tar.length * 0.8)));
  const o = check(path, t);
  const w = inputWarnings(o);
  assert.equal(w.length, 1, w.join("\n"));
  assert.match(w[0]!, /^truncated tar: the stream ends inside (a member \(".+", \d+ bytes declared\)|a header)/);
  assert.ok(o.warnings.every((x) => x.module !== "input" || x.file === path), "the warning names the tar");
  assert.equal(o.warnings.filter((x) => /stream ends inside/.test(x.message)).length, 1, "Filesystem's own walk does not repeat it");
  assert.ok(o.files > 20, "the members before the cut are listed");
  assert.ok(found(o, "sms", PLANTED.domain) && found(o, "filesystem", PLANTED.fileName), "sms.db, before the cut, analysed");
});

test("a .tar.gz whose gzip stream ends early: one plain warning, the members before it analysed", (t) => {
  const tgz = dumpTarGz(spy);
  const path = write("cut.tar.gz", tgz.subarray(0, Math.floor(tgz.length * 0.7)));
  const o = check(path, t);
  const w = inputWarnings(o);
  assert.equal(w.length, 1, w.join("\n"));
  assert.match(w[0]!, /the gzip stream ends early \(truncated file\)/);
  assert.equal(o.warnings.filter((x) => /gzip stream ends early/.test(x.message)).length, 1, "Filesystem's own walk does not repeat it");
  assert.ok(o.files > 10);
});

test("a zip cut short (no central directory): its members read from the front up to the cut, one warning saying how far", (t) => {
  const zip = dumpZip(spy);
  const path = write("cut.zip", zip.subarray(0, Math.floor(zip.length * 0.8) + 7)); // inside a member
  const o = check(path, t);
  const w = inputWarnings(o);
  assert.equal(w.length, 1, w.join("\n"));
  assert.match(w[0]!, /^truncated zip: .*; \d+ members were read one by one from the start/);
  assert.ok(found(o, "sms", PLANTED.domain) && found(o, "filesystem", PLANTED.fileName));
});

test("links, FIFOs, encrypted and unsupported members, ../ and absolute names in a tar and a zip: one warning each, never followed or written, the rest analysed", (t) => {
  const extra = [
    { name: "private/var/tmp/../../../escape.txt", data: "x" },
    { name: "/etc/absolute.txt", data: "x" },
    { name: "private/var/mobile/link", type: "symlink" as const, linkname: "/etc/passwd" },
    { name: "private/var/mobile/hard", type: "hardlink" as const, linkname: "private/var/mobile/Library/SMS/sms.db" },
    { name: "private/var/mobile/fifo", type: "fifo" as const },
  ];
  const tar = check(write("hostile.tar", dumpTar(spy, { extra })), t);
  const w = inputWarnings(tar);
  assert.equal(w.length, 5, w.join("\n"));
  for (const what of ["'..' component", "absolute path", "a symbolic link", "a hard link", "a FIFO"]) assert.equal(w.filter((x) => x.includes(what)).length, 1, what);
  assert.ok(found(tar, "sms", PLANTED.domain) && found(tar, "filesystem", PLANTED.fileName), "the rest analysed");
  assert.ok(!existsSync(join(base, "escape.txt")) && !existsSync("/etc/absolute.txt"), "nothing written");

  const zipExtra = [
    { name: "../evil.txt", data: "x" },
    { name: "/abs.txt", data: "x" },
    { name: "private/var/mobile/zlink", data: "/etc/passwd", symlink: true },
    { name: "private/var/mobile/sealed.db", data: "x", encryptedFlag: true }, // unreadable: encrypted
    { name: "private/var/mobile/packed.db", data: "x", methodCode: 12 }, // unreadable: bzip2
  ];
  const zip = check(write("hostile.zip", dumpZip(spy, { extra: zipExtra })), t);
  const z = inputWarnings(zip);
  assert.equal(z.length, 5, z.join("\n"));
  for (const what of ["'..' component", "absolute path", "symbolic link", "encrypted", "method 12"]) assert.equal(z.filter((x) => x.includes(what)).length, 1, what);
  assert.ok(z.every((x) => x.startsWith("skipped member ")), "the zip named once, as the warning's file");
  assert.ok(found(zip, "sms", PLANTED.domain));
});

/** The header of the tar's last member rewritten to claim `size` bytes (its checksum recomputed). */
function claimSize(tar: Buffer, at: number, size: number): Buffer {
  const h = tar.subarray(at, at + 512);
  h.write(size.toString(8).padStart(11, "0") + "\0", 124, "latin1");
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
  return tar;
}

test("a member whose header claims 5 GiB in a small tar: one warning naming it, nothing read past the end, the rest analysed", (t) => {
  const body = dumpTar(spy, { endBlocks: false });
  const last = buildTar([{ name: "private/var/mobile/Media/DCIM/100APPLE/IMG_0002.MOV", data: "not 5 GiB" }], { endBlocks: false });
  const tar = claimSize(Buffer.concat([body, last]), body.length, 5 * GiB);
  const o = check(write("claims.tar", tar), t);
  const w = inputWarnings(o);
  assert.equal(w.length, 1, w.join("\n"));
  assert.match(w[0]!, /IMG_0002\.MOV", 5368709120 bytes declared/);
  assert.ok(found(o, "sms", PLANTED.domain));
});

test("a real 3 GiB member (stored sparse) in a tar: skipped by seeking, listed by Filesystem, memory flat", (t) => {
  const path = join(base, "sparse.tar");
  const body = dumpTar(spy, { endBlocks: false });
  const size = 3 * GiB;
  const header = buildTar([{ name: "private/var/mobile/Media/DCIM/100APPLE/IMG_0003.MOV", data: "" }], { endBlocks: false });
  const fd = openSync(path, "w");
  writeSync(fd, body);
  writeSync(fd, claimSize(header, 0, size));
  ftruncateSync(fd, body.length + 512 + size + 1024); // the data and the end blocks: a hole, no disk used
  closeSync(fd);
  const o = check(path, t, () => statSync(path).size + ":" + statSync(path).mtimeMs);
  assert.deepEqual(inputWarnings(o).filter((m) => !/not hashed/.test(m)), []);
  assert.ok(found(o, "filesystem", PLANTED.fileName) && found(o, "sms", PLANTED.domain));
  assert.ok(o.files > 40);
});

test("a sparse 5 GiB sms.db in a folder dump: one warning for it (not a database), every other module analysed", (t) => {
  const dir = standardDump(join(tempDir(), "dump"), { spyware: true });
  const db = join(dir, "private/var/mobile/Library/SMS/sms.db");
  truncateSync(db, 0);
  truncateSync(db, 5 * GiB);
  const o = check(dir, t, () => statSync(db).size + ":" + statSync(db).mtimeMs);
  const sms = o.warnings.filter((w) => w.file.endsWith("sms.db") && w.module !== "input");
  assert.ok(sms.length >= 1 && sms.every((w) => /not a SQLite database/.test(w.message)), JSON.stringify(o.warnings));
  assert.ok(found(o, "datausage", PLANTED.process) && found(o, "filesystem", PLANTED.fileName));
});
