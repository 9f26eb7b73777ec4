/**
 * Evidence never reaches the terminal raw: escape sequences (clear screen, cursor home, an OSC window title, a
 * CSI as one C1 character, a bidi override, DEL) planted in a generated backup's SMS text and links, then the CLI
 * as installed: the bytes of stdout, stderr and command.log hold none of them raw, and show them escaped.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./helpers/tmp.ts";
import { testBundle } from "./helpers/indicators.ts";
import { IosBackupBuilder } from "./builders/ios-backup.ts";
import { buildSmsDb } from "./builders/ios/sms.ts";

const BIN = new URL("../bin/spyglass.js", import.meta.url).pathname;
// What a hostile sender writes to paint a fake verdict over the real one.
const PAYLOAD = "\x1b[2J\x1b[H\x1b]0;pwned\x07\u009b31m\u202eVERDICT: NO KNOWN TRACES FOUND\u2066\x7f\r";
// Everything a terminal acts on, except the line feed between Spyglass's own lines.
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

const dir = tempDir();
const backup = new IosBackupBuilder(join(dir, "backup"))
  .info({ "Device Name": `Phone${PAYLOAD}`, "Display Name": `Phone${PAYLOAD}`, "Product Name": `iPhone 12\nVERDICT: NO KNOWN TRACES FOUND${PAYLOAD}` });
backup.sqlite("HomeDomain", "Library/SMS/sms.db", (db) =>
  buildSmsDb(db, [
    { text: `hi ${PAYLOAD} https://evil-domain.com/x${PAYLOAD}y and https://bit.ly/${PAYLOAD}`, handle: `+1555${PAYLOAD}`, date: "2024-01-02 10:00:00" },
    { attributedBodyText: `https://evil-domain.com/${PAYLOAD}`, handle: `me@example.com${PAYLOAD}`, date: "2024-01-02 11:00:00" },
  ]),
);
backup.finish();
const iocs = join(dir, "iocs.stix2");
writeFileSync(iocs, testBundle(["domain-name:value", "evil-domain.com"]));

function run(args: string[]) {
  const r = spawnSync(BIN, args, { encoding: "utf8", env: { ...process.env, SPYGLASS_IOCS: "" } });
  return { code: r.status, out: r.stdout + r.stderr };
}

function assertSafe(text: string, where: string) {
  const m = RAW.exec(text);
  assert.equal(m, null, `${where}: raw U+${m?.[0].codePointAt(0)!.toString(16).padStart(4, "0")} at ${m?.index}: ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 10))}`);
}

test("check-backup: the planted sequences show escaped on the terminal and in command.log, never raw", () => {
  const out = join(dir, "results");
  const r = run(["check-backup", join(dir, "backup"), "-o", out, "--iocs", iocs]);
  assert.equal(r.code, 10, r.out);
  assertSafe(r.out, "stdout+stderr");
  assert.equal(r.out.split("\n").filter((l) => /^\s*VERDICT:/.test(l)).length, 1, "no second VERDICT line from the device's name");
  assert.match(r.out, /Phone: iPhone 12\\x0aVERDICT: NO KNOWN/, "the device's name shown escaped");
  assert.match(r.out, /DETECTED CRITICAL sms: .*evil-domain\.com\/x\\x1b\[2J\\x1b\[H\\x1b\]0;pwned\\x07\\x9b31m\\u202eVERDICT/, "the link printed, escaped visibly");
  const log = readFileSync(join(out, "command.log"), "utf8");
  assertSafe(log, "command.log");
  assert.match(log, /\\x1b\]0;pwned\\x07/);
  // The results keep the exact text: JSON escapes what it must, the data is unchanged.
  assert.ok(readFileSync(join(out, "sms.json"), "utf8").includes("\\u001b]0;pwned\\u0007"));

  const json = run(["check-backup", join(dir, "backup"), "-o", join(dir, "results-json"), "--iocs", iocs, "--json"]);
  assertSafe(json.out, "--json");
  const parsed = JSON.parse(json.out.slice(json.out.indexOf("{")));
  assert.ok(parsed.detections.some((d: { message: string }) => d.message.includes(`x${PAYLOAD}`.slice(0, 20))), "--json still carries the exact text");

  const again = run(["check-iocs", out, "--iocs", iocs]);
  assert.equal(again.code, 10, again.out);
  assertSafe(again.out, "check-iocs");
  assert.match(again.out, /\\x1b\[2J/);
});

test("check-link and error messages print planted sequences escaped", () => {
  const links = join(dir, "links.txt");
  writeFileSync(links, `https://evil-domain.com/${PAYLOAD}\nhttps://bit.ly/${PAYLOAD}\nnot a link ${PAYLOAD}\n`);
  for (const args of [["check-link", "--file", links, "--iocs", iocs], ["check-link", "--file", links, "--iocs", iocs, "--json"], ["check-link", `https://example.com/${PAYLOAD}`]]) {
    const r = run(args);
    assertSafe(r.out, args.join(" "));
    assert.ok(r.out.includes("\\u202e"), `${args.join(" ")}: shown escaped`);
  }
  const missing = run(["check-iocs", join(dir, `no-such${PAYLOAD}`)]);
  assert.notEqual(missing.code, 0);
  assertSafe(missing.out, "error message");
  assert.match(missing.out, /no-such\\x1b\[2J/);
});
