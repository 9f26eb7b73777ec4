/** An age-encrypted androidqf zip (androidqf's key.txt option) is checked with --age-identity, like the plain one. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Encrypter, generateIdentity, identityToRecipient } from "age-encryption";
import { spyglass, hashTree } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { SHARED } from "./helpers/run-module.ts";
import { buildZip } from "./builders/android.ts";

const ACQ = SHARED + "peer-artifacts/mvt/androidqf/";

test("check-androidqf on acquisition.zip.age with the right key.txt = the plain folder; a wrong or missing key is one clear line", async () => {
  const zip = buildZip(readdirSync(ACQ).map((name) => ({ name: `acq/${name}`, data: readFileSync(join(ACQ, name)) })));
  const identity = await generateIdentity();
  const e = new Encrypter();
  e.addRecipient(await identityToRecipient(identity));
  const dir = tempDir();
  const encrypted = join(dir, "acquisition.zip.age");
  writeFileSync(encrypted, await e.encrypt(zip));
  const key = join(tempDir(), "key.txt");
  writeFileSync(key, `# created: 2026-11-25\n# public key: …\n${identity}\n`);
  const before = hashTree(dir);

  const out = join(tempDir(), "o");
  const r = spyglass(["check-androidqf", encrypted, "--age-identity", key, "-o", out, "--no-indicators"]);
  assert.equal(r.code, 11, r.stderr);
  assert.equal(JSON.parse(readFileSync(join(out, "aqf_packages.json"), "utf8")).length, 7);
  assert.equal(JSON.parse(readFileSync(join(out, "sms.json"), "utf8")).length, 2, "the nested backup.ab too");
  assert.deepEqual(hashTree(dir), before, "the evidence is unchanged and nothing was written beside it");
  const info = JSON.parse(readFileSync(join(out, "info.json"), "utf8"));
  assert.ok(info.hashes.some((h: { file_path: string }) => h.file_path === encrypted), "the encrypted original is hashed");
  for (const f of readdirSync(out)) assert.ok(!readFileSync(join(out, f), "utf8").includes(identity), `key in ${f}`);

  const other = join(tempDir(), "other.txt");
  writeFileSync(other, `${await generateIdentity()}\n`);
  const wrong = spyglass(["check-androidqf", encrypted, "--age-identity", other, "-o", join(tempDir(), "o")]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /age identity does not decrypt/);
  assert.equal(wrong.stderr.trim().split("\n").length, 1);
  const none = spyglass(["check-androidqf", encrypted, "-o", join(tempDir(), "o")]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /--age-identity/);
});
