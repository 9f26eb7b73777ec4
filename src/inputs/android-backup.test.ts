/** Tests for the Android backup acquisition: MVT's folder and .ab files, the kept members, passwords, malformed input. */
import { caught } from "../../test/helpers/errors.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { inflateSync } from "node:zlib";
import { SpyglassError } from "../core/errors.ts";
import { memoryFile } from "../core/source.ts";
import type { SourceFile } from "../core/source.ts";
import { localDir, localFile } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import { buildAb, buildTar, telephonyBackup } from "../../test/builders/android.ts";
import { openAndroidBackup } from "./android-backup.ts";
import type { AndroidBackup } from "./android-backup.ts";

const AB = new URL("../../../shared/peer-artifacts/mvt/android_backup/", import.meta.url).pathname;
const TEL = "apps/com.android.providers.telephony/d_f";
const SMS = { from: "android-backup", glob: `${TEL}/*_sms_backup` } as const;
const MMS = { from: "android-backup", glob: `${TEL}/*_mms_backup` } as const;

async function selected(acq: AndroidBackup, sel: typeof SMS | typeof MMS): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for await (const f of acq.select(sel)) out.push(f);
  return out;
}

const messages = async (f: SourceFile) => JSON.parse(inflateSync(await f.bytes()).toString("utf8")) as Record<string, unknown>[];


test("EXPECTED §4: the unpacked android_backup/ folder (one SMS file, one MMS file)", async () => {
  const acq = await openAndroidBackup(localDir(AB), nodeHost);
  assert.equal(acq.kind, "android-backup");
  assert.deepEqual(acq.files, [`${TEL}/000000_sms_backup`, `${TEL}/000001_mms_backup`, "backup.ab", "backup2.ab", "backup3.ab"]);
  const [sms] = await selected(acq, SMS);
  assert.equal((await messages(sms!))[0]!["body"], "Hi this is a test message to https://google.com/");
  assert.equal((await selected(acq, MMS)).length, 1);
  assert.deepEqual(acq.warnings, []);
  await assert.rejects(openAndroidBackup(localDir(AB + "apps"), nodeHost), /no apps\/ folder/);
});

test("EXPECTED §4: backup.ab, backup2.ab (password 123456, asked once) and backup3.ab keep the telephony members", async () => {
  const plain = await openAndroidBackup(localFile(AB + "backup.ab", "backup.ab"), nodeHost);
  assert.deepEqual(plain.files, [`${TEL}/000000_sms_backup`, `${TEL}/000001_mms_backup`]);
  // The members are the very bytes of the unpacked folder.
  const [sms] = await selected(plain, SMS);
  assert.deepEqual(Buffer.from(await sms!.bytes()), readFileSync(`${AB}${TEL}/000000_sms_backup`));
  assert.equal(sms!.evidence!.path, "backup.ab");
  assert.equal(sms!.mtime, 1646519315);
  assert.deepEqual(plain.opened.map((f) => f.path), ["backup.ab"]);
  assert.deepEqual(plain.device, { android_backup: { version: 1, compressed: true, encryption: "none" } });

  let asked = 0;
  const enc = await openAndroidBackup(localFile(AB + "backup2.ab", "backup2.ab"), nodeHost, { password: async () => (asked++, "123456") });
  assert.equal(asked, 1);
  assert.deepEqual(enc.files, ["apps/com.android.providers.telephony/_manifest", `${TEL}/000000_sms_backup`]);
  assert.equal((await messages((await selected(enc, SMS))[0]!))[0]!["body"], "Hi this is a test message to https://google.com/");
  assert.equal((await selected(enc, MMS)).length, 0);

  const three = await openAndroidBackup(localFile(AB + "backup3.ab", "backup3.ab"), nodeHost, { password: async () => assert.fail("backup3.ab is not encrypted") });
  assert.equal((await selected(three, SMS)).length, 1);
  assert.deepEqual(three.warnings, []);
});

test("keep chooses what is held in memory; over-limit members are left out with a warning", async () => {
  const all = await openAndroidBackup(localFile(AB + "backup2.ab", "backup2.ab"), nodeHost, { password: async () => "123456", keep: () => true });
  assert.equal(all.files.length, 2);
  const none = await openAndroidBackup(localFile(AB + "backup.ab", "backup.ab"), nodeHost, { keep: () => false });
  assert.deepEqual(none.files, []);
  const small = await openAndroidBackup(localFile(AB + "backup.ab", "backup.ab"), nodeHost, { limits: { member: 200 } });
  assert.deepEqual(small.files, [`${TEL}/000000_sms_backup`]); // the 226-byte MMS file is over 200 bytes
  assert.match(small.warnings[0]!, /000001_mms_backup" \(226 bytes\) not read: over the in-memory limit/);
});

test("wrong or missing passwords throw (E_BAD_PASSWORD, E_ENCRYPTED), as MVT exits 1", async () => {
  const file = localFile(AB + "backup2.ab", "backup2.ab");
  assert.equal((await caught(openAndroidBackup(file, nodeHost, { password: async () => "invalid_password" }))).code, "E_BAD_PASSWORD");
  assert.equal((await caught(openAndroidBackup(file, nodeHost))).code, "E_ENCRYPTED");
});

test("a malformed .ab is one warning and an empty acquisition (strict: an error); a damaged one keeps what was complete", async () => {
  for (const bytes of [new Uint8Array(0), new TextEncoder().encode("ANDROID BACKUP\n5\n1\nnone\nnot zlib at all")]) {
    const acq = await openAndroidBackup(memoryFile("backup.ab", bytes), nodeHost);
    assert.deepEqual(acq.files, []);
    assert.equal(acq.warnings.length, 1);
    assert.match(acq.warnings[0]!, /^skipping backup modules: backup\.ab is malformed \(/);
    assert.equal((await caught(openAndroidBackup(memoryFile("backup.ab", bytes), nodeHost, { strict: true }))).code, "E_CORRUPT");
  }
  const tar = buildTar([
    { name: `${TEL}/000000_sms_backup`, data: telephonyBackup([{ body: "first", date: "1", date_sent: "0" }]) },
    { name: `${TEL}/000001_mms_backup`, data: new Uint8Array(50_000).map((_, i) => (i * 131) % 256) },
  ]);
  const whole = buildAb(tar, { compressed: false });
  const cut = await openAndroidBackup(memoryFile("cut.ab", whole.subarray(0, whole.length - 20_000)), nodeHost);
  assert.deepEqual(cut.files, [`${TEL}/000000_sms_backup`]);
  assert.match(cut.warnings[0]!, /^cut\.ab is damaged after 1 member\(s\) were read \(truncated tar.*\): the backup modules see only those$/);
});

test("hostile tar members inside a .ab are never kept: traversal names, links", async () => {
  const tar = buildTar([
    { name: `${TEL}/../../../../etc/evil_sms_backup`, data: "x" },
    { name: `/${TEL}/abs_sms_backup`, data: "x" },
    { name: `${TEL}/link_sms_backup`, type: "symlink", linkname: "/etc/passwd" },
    { name: `${TEL}/000000_sms_backup`, data: telephonyBackup([]) },
  ]);
  const acq = await openAndroidBackup(memoryFile("h.ab", buildAb(tar)), nodeHost);
  assert.deepEqual(acq.files, [`${TEL}/000000_sms_backup`]);
  assert.equal(acq.warnings.length, 3);
  for (const w of acq.warnings) assert.match(w, /^h\.ab: skipped tar member/);
});

/** A file handed out in 64 KiB pieces, counting the bytes pulled (to prove where reading stopped). */
function counted(name: string, data: Uint8Array) {
  const seen = { pulled: 0 };
  const file: SourceFile = {
    ...memoryFile(name, data),
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(c) {
          if (seen.pulled >= data.length) return c.close();
          const piece = data.subarray(seen.pulled, seen.pulled + 65536);
          seen.pulled += piece.length;
          c.enqueue(piece);
        },
      }),
  };
  return { file, seen };
}

test("reading stops once no wanted member can follow; a huge member nobody reads stops it with a warning", async () => {
  const sms = { name: `${TEL}/000000_sms_backup`, data: telephonyBackup([{ address: "+1", body: "hi" }]) };
  const noise = randomBytes(8 << 20); // incompressible: the compressed stream is as long as the member
  // After the telephony package: never inflated, the SMS kept.
  const afterAb = buildAb(buildTar([{ name: "apps/com.a/_manifest", data: "m" }, sms, { name: "apps/com.big/f/huge", data: noise }, { name: `${TEL}/000009_sms_backup`, data: "late" }]));
  const after = counted("after.ab", afterAb);
  const a = await openAndroidBackup(after.file, nodeHost);
  assert.deepEqual(a.files, [sms.name], "a telephony member after another package is not looked for");
  assert.deepEqual(a.warnings, []);
  assert.ok(after.seen.pulled < 1 << 20, `stopped after the telephony package: ${after.seen.pulled} of ${after.file.size} bytes pulled`);
  // Before it, over the skip bound (scaled down here): reading stops there, one warning naming the member.
  const beforeAb = buildAb(buildTar([{ name: "apps/com.big/f/huge", data: noise }, sms]));
  const before = counted("before.ab", beforeAb);
  const b = await openAndroidBackup(before.file, nodeHost, { limits: { skip: 1 << 20 } });
  assert.deepEqual(b.files, []);
  assert.deepEqual(b.warnings, [`before.ab: reading stopped at backup member "apps/com.big/f/huge" (${noise.length} bytes, over the 1048576-byte limit for a member no module reads): the members after it were not read`]);
  assert.ok(before.seen.pulled < 1 << 20, `${before.seen.pulled} bytes pulled`);
  // Under the bound, or a custom `keep` without packages: read through as before.
  const again = (c: ReturnType<typeof counted>) => counted(c.file.path, c.file === before.file ? beforeAb : afterAb).file;
  assert.deepEqual((await openAndroidBackup(again(before), nodeHost)).files, [sms.name]);
  assert.deepEqual((await openAndroidBackup(again(after), nodeHost, { keep: (p) => p.startsWith(TEL) })).files, [sms.name, `${TEL}/000009_sms_backup`]);
});

test("an uncompressed, unencrypted .ab: a member nobody reads is skipped without being read (the tar is read on from past it)", async () => {
  const sms = { name: `${TEL}/000000_sms_backup`, data: telephonyBackup([{ address: "+1", body: "hi" }]) };
  const noise = randomBytes(8 << 20);
  const data = buildAb(buildTar([{ name: "apps/com.big/f/huge", data: noise }, sms]), { compressed: false });
  let sliced = 0;
  const { file, seen } = counted("plain.ab", data);
  const spy: SourceFile = { ...file, slice: async (a, b) => ((sliced += Math.min(b, data.length) - a), file.slice(a, b)) };
  const acq = await openAndroidBackup(spy, nodeHost, { limits: { skip: 1 << 20 } });
  assert.deepEqual(acq.files, [sms.name], "no skip bound here: skipping costs nothing");
  assert.deepEqual(acq.warnings, []);
  assert.ok(seen.pulled + sliced < 2 << 20, `${seen.pulled} bytes streamed and ${sliced} read past the member, of ${data.length}`);
  assert.equal((await messages((await selected(acq, SMS))[0]!))[0]!.body, "hi");
  // A member whose size runs past the end of the file: truncated, as when read through.
  const cut = counted("cut.ab", data.subarray(0, 4 << 20)).file;
  const t = await openAndroidBackup(cut, nodeHost);
  assert.match(t.warnings[0]!, /skipping backup modules: cut\.ab is malformed \(truncated tar: the stream ends inside a member.*\)/);
});
