/** check-link end to end, as a user runs it: verdicts in words, --json lines, --file, indicators, exit codes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { spyglass } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { TEST_STIX2 } from "./helpers/indicators.ts";

test("words: a known Pegasus domain, a lookalike, a shortener, a clean link; exit 10", () => {
  const r = spyglass(["check-link", "https://icrcworld.com/news", "xn--pple-43d.com", "https://bit.ly/3xyz", "https://www.icrc.org/en"]);
  assert.equal(r.code, 10, r.stderr);
  assert.match(r.stdout, /https:\/\/icrcworld\.com\/news {2}\(level CRITICAL\)\n {2}SUSPICIOUS: known Pegasus domain \(Amnesty indicators\)\n {2}SUSPICIOUS: looks like the Red Cross \(icrc\.org\) but is not/);
  assert.match(r.stdout, /xn--pple-43d\.com {2}\(level HIGH\)\n {2}SUSPICIOUS: looks like Apple \(apple\.com\) but is not: it uses look-alike letters \(\u0430pple\.com is really xn--pple-43d\.com\)/);
  assert.match(r.stdout, /NOTE: uses the URL shortener bit\.ly: the real destination is hidden/);
  assert.match(r.stdout, /https:\/\/www\.icrc\.org\/en\n {2}no sign of impersonation \(this does not prove it is safe\)/);
  assert.match(r.stdout, /2 of 4 links suspicious/);
});

test("--json: one object per line with url, domain, suspicious, level, known, reasons", () => {
  const r = spyglass(["check-link", "--json", "googleplay-store.com", "example.net", "tel:+123"]);
  assert.equal(r.code, 10, r.stderr);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines, [
    {
      url: "googleplay-store.com",
      domain: "googleplay-store.com",
      suspicious: true,
      level: "CRITICAL",
      known: { name: "Pegasus", file: "pegasus.stix2" },
      reasons: ["known Pegasus domain (Amnesty indicators)", 'looks like Google Play (play.google.com) but is not: its name contains "googleplay"'],
    },
    { url: "example.net", domain: "example.net", suspicious: false, level: null, known: null, reasons: [] },
    { url: "tel:+123", domain: null, suspicious: false, level: null, known: null, reasons: [] },
  ]);
});

test("--file: one link per line, # comments and blank lines skipped; nothing suspicious exits 0", () => {
  const file = join(tempDir(), "links.txt");
  writeFileSync(file, "# links from the message of 3 May\nhttps://www.bbc.co.uk/news\r\n\n  wikipedia.org  \n");
  const r = spyglass(["check-link", "--file", file, "--no-indicators"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((r.stdout.match(/no sign of impersonation/g) ?? []).length, 2);
  assert.match(r.stdout, /No sign of impersonation in 2 links/);
});

test("--iocs: a match names the bundle it came from, and replaces the bundled indicators", () => {
  const r = spyglass(["check-link", "--json", "--iocs", TEST_STIX2, "https://example.org/x", "icrcworld.com"]);
  assert.equal(r.code, 10, r.stderr);
  const [known, lookalike] = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(known.level, "CRITICAL");
  assert.deepEqual(known.reasons, ["known TestMalware domain (test.stix2)"]);
  assert.equal(lookalike.level, "MEDIUM", "icrcworld.com is not in test.stix2: only the lookalike verdict");
  assert.equal(lookalike.known, null);
});

test("usage errors: no link (exit 2), a missing file (exit 1), in one line", () => {
  const none = spyglass(["check-link"]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^spyglass: check-link needs at least one URL or domain/);
  const missing = spyglass(["check-link", "--file", join(tempDir(), "nope.txt")]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^spyglass: cannot read the links file .*nope\.txt\n$/);
});
