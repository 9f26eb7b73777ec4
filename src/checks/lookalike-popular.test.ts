/** The brand universe (popular domains) and issue 13's techniques, tricks and levels, one rule per test. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreUrl } from "./lookalike.ts";
import { defaultUniverse, isPopular, loadUniverse } from "./lookalike-universe.ts";
import { deriveUniverse } from "./lookalike-universe-build.ts";
import { normalizeUrl } from "./url-normalize.ts";

const level = (u: string) => scoreUrl(u)?.level;
const kind = (u: string) => scoreUrl(u)?.reasons[0]?.kind;
const suspicious = (u: string) => !!scoreUrl(u)?.suspicious;

test("every technique, with its reason in words", () => {
  assert.match(scoreUrl("jumia-egy.com")!.reasons[0]!.text, /^looks like jumia\.com\.ng but is not: its name is "jumia" with extra words/);
  assert.match(scoreUrl("dailymail.top")!.reasons[0]!.text, /same name under another ending \(\.top\)/);
  assert.match(scoreUrl("navyfederai.org")!.reasons[0]!.text, /one letter differs \("navyfederai" instead of "navyfederal"\)/);
  assert.match(scoreUrl("xn--bittrx-mva.com")!.reasons[0]!.text, /look-alike characters \("bittrêx" reads as "bittrex"\)/);
  assert.match(scoreUrl("pay-pal.com")!.reasons[0]!.text, /PayPal/);
  assert.match(scoreUrl("shopifymisr.com")!.reasons[0]!.text, /"shopify" with the words "misr" added/);
  assert.match(scoreUrl("ddailymotion.net")!.reasons[0]!.text, /a letter is doubled/);
  assert.equal(kind("bitfinex.com.co"), "tld");
  assert.equal(kind("bmw.gr.com"), "tld", "a private ending that reads as a country's");
  assert.equal(level("xn--pple-43d.com"), "HIGH", "look-alike letters in an IDN");
  assert.equal(level("paypa1.com"), "MEDIUM", "look-alike characters in ASCII");
});

test("short names (2–4 letters) count only with supporting signals", () => {
  assert.equal(suspicious("mail-qq.online"), true); // a lure word and an ending favoured by abusers
  assert.equal(suspicious("119-tim.info"), true); // digits and a hyphen
  assert.equal(suspicious("hmrc-refund-covid19.com"), true);
  for (const d of ["timeline-tools.com", "optimum.com", "qqmusicfans.net", "tim-berners.org"]) assert.equal(suspicious(d), false, d);
});

test("tricks in the address: a user part before @, a brand's domain in front of another (HIGH)", () => {
  const s = scoreUrl("https://icrc.org@evil.com/")!;
  assert.equal(s.level, "HIGH");
  assert.equal(s.reasons[0]!.text, 'the address starts with "icrc.org@" to look like icrc.org, but it leads to evil.com');
  assert.equal(normalizeUrl("https://icrc.org@evil.com/")!.host, "evil.com");
  assert.equal(level("https://user:secret@files.example.net/"), undefined, "an old login form is no disguise");
  assert.equal(level("icrc.org.help-center.top"), "HIGH");
  assert.equal(level("paypal.com.secure-login.xyz"), "HIGH");
  assert.equal(kind("slack.com.ru"), "tld");
});

test("free hosting: a brand on a service anyone can use", () => {
  assert.equal(suspicious("whatsapp-web.firebaseapp.com"), true);
  assert.match(scoreUrl("netflix-account.weebly.com")!.reasons[0]!.text, /free hosting service weebly\.com/);
  assert.equal(suspicious("my-bakery.weebly.com"), false);
});

test("a popular domain is never an impersonation; brands' side domains and official short links are recognised", () => {
  for (const d of ["apple-dns.net", "googlemail.com", "thomsonreuters.com", "posteo.de", "kayak.es", "www.googleapis.com"]) {
    assert.equal(level(d), undefined, d);
  }
  for (const d of ["t.co", "lnkd.in", "forms.gle", "http://8.8.4.4/"]) {
    const s = scoreUrl(d)!;
    assert.equal(s.level, "LOW", d);
    assert.equal(s.suspicious, false, d);
    assert.match(s.reasons[0]!.text, /the real destination is hidden/);
  }
  for (const d of ["denveroffice.com", "4sanfrancisco.com", "posteo.at"]) assert.equal(suspicious(d), false, d);
});

test("the universe: derived from a ranking, popular hashes, lazy indexes; swappable source", () => {
  const u = loadUniverse(deriveUniverse([[1, "acmebank.com"], [2, "acme-news.co.uk"], [3, "acmebanking.net"]]).namesText, deriveUniverse([[1, "acmebank.com"]]).hashes);
  assert.equal(u.names.get("acmebank")!.tier, 1);
  assert.equal(u.names.get("acmenews")!.name, "acme-news", "hyphenated names are read without their hyphen too");
  assert.equal(isPopular(u, "acmebank.com"), true);
  assert.equal(isPopular(u, "acmebank.org"), false);
  assert.ok(defaultUniverse().names.size > 80_000);
});

test("the shipped universe loads fast (the time is printed; a generous bound catches a regression)", () => {
  const start = performance.now();
  const u = loadUniverse();
  isPopular(u, "example.com");
  const ms = performance.now() - start;
  console.log(`universe load: ${ms.toFixed(0)} ms for ${u.names.size} names`);
  assert.ok(ms < 1500);
});
