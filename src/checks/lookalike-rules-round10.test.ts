/**
 * The lookalike rules of issue 13's round 10 (broad families chosen from the sixth reports set's misses), one test
 * each, on the small universe of test/helpers/lookalike-rules-universe.ts plus the shipped curated brands. No case is
 * taken from the measured sets (test/data).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreUrl } from "./lookalike.ts";
import { check, indexWith } from "../../test/helpers/lookalike-rules-universe.ts";

test("round 10: a top-1,000 name glued to words of software delivered outside a store (desktop, install, backup, bots, report)", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("pokemondesktop.com", "openaiinstall.net", "webexbackups.com", "getpokemonbots.org", "openaireport.me");
  assert.match(text("pokemondesktop.com"), /looks like pokemon\.com but is not: its name is "pokemon" with the words "desktop" added/);
  // A top-10,000 name (kayak); a word that is no software word (pokemonfans); no brand at all.
  no("kayakdesktop.com", "pokemonfans.com", "desktopmetal.com", "installbase.net");
});

test("round 10: an app's package (apk) is a lure word beside a brand", () => {
  const { yes, no } = check(indexWith([]));
  yes("apk-whatsapp-update.com", "pokemon-apk.top", "telegram-apk.net");
  no("apkmirror-tools.com", "apk-tools.org");
});

test("round 10: toll-road smishing names (a toll word and a state's code or a lure word)", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("tollnj.com", "nj-tolls.top", "txtag-pay.com", "fl-sunpass-due.com", "ezpass-ny.com", "paytolls-oh.com", "good2go-pay.net");
  assert.match(text("tollnj.com"), /looks like a toll road's payment site but is not: "tollnj" is made of .* \(toll nj\), and is a name anyone can buy/);
  // A toll system's name alone in front of another address or under an ending favoured by abusers.
  yes("ezpass.billing.example.xin", "tolls.top");
  assert.match(text("ezpass.billing.example.xin"), /"ezpass" is a toll system's name, and is put in front of the unrelated address example\.xin/);
  // The agencies' own names (a system's name glued to its state's code), a system's name alone, other words.
  no("ezpassny.com", "e-zpassny.com", "ezpassmd.com", "txtag.org", "tolls.com", "tollbrothers.com", "tollfree.com", "tollhouse-recipes.com");
});

test("round 10: 'ministry', 'presidency' and 'directorate' in other languages, outside a government's ending", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("ministeriodesalud-ayuda.com", "adalet-bakanligi.net", "cumhurbaskanligi-destek.online", "kementeriankesihatan.info", "ministerstvo-oborony.ru.com");
  assert.match(text("adalet-bakanligi.net"), /looks like a government or army site but is not: "adalet-bakanligi" names a ministry \("bakanligi"\), and in a name anyone can buy/);
  // Under a country's own ending a ministry may run its own site; the English word names churches and clubs.
  no("bundesministerium.de", "ministerie.nl", "ministryofsound.com", "youthministry.org");
});

test("round 10: two slips in a long name count a swap of neighbours as one slip (optimal string alignment)", () => {
  const { yes, no, text } = check(indexWith([]));
  // A swap and another slip (tirpadvsor, stakcoverflw: a swap and a letter left out); two swaps in a curated brand.
  yes("tirpadvsor.com", "stakcoverflw.net", "googelpllay.com", "googelpaly.com");
  assert.match(text("tirpadvsor.com"), /looks like tripadvisor\.com but is not: two letters differ/);
  // Three slips stay too many; a short name gets no second slip.
  no("tirpadvsiro.com", "pokmeno.com");
});

test("round 10: a letter that ends almost no word added after a long top-10,000 name", () => {
  const { yes, no } = check(indexWith([]));
  yes("freelancerq.com", "navyfederalx.net", "freelancerk.org");
  // A vowel, an s or an r makes a word or a plural (freelancera, freelancers); a short name (kayakq) is no typo target.
  no("freelancera.com", "freelancers.net", "kayakq.com");
});

test("round 10: a name under a country's ending put in front of a throwaway address", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("energo.by.account-check.cc", "portal.kz.id4432.com", "e.rnaill.ru.inbox-view.top");
  assert.match(text("energo.by.account-check.cc"), /"energo\.by" is put in front of the unrelated address account-check\.cc/);
  // A company's country subdomains under its own ending; a neutral host label; an ending sold as a generic one.
  no("shop.de.example.com", "www.ru.example.top", "news.co.example.top");
});

test("round 10: software and security-check words with a hyphen beside a distinctive top-10,000 name; a glued part among codes or lures", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("ssl-freelancer.com", "freelancer-installer.com", "scan-freelancer.net", "kayak-desktop.com");
  // "server" names a company's own hosts; a word of no lure beside a glued part.
  no("freelancer-server.com", "pokemonplayer-club.com");
  // One hyphen part glued of a top-1,000 name and software words, the other parts a country code, digits or lures.
  yes("de-pokemonplayer.com", "pokemonflashplayer-update.com", "tr-getpokemonplayer.com");
  assert.match(text("tr-getpokemonplayer.com"), /looks like pokemon\.com but is not: its name is "pokemon" with the words "get", "player" added/);
});

test("round 10: a government's, university's or army's name under an ending favoured by abusers", () => {
  const { yes, no, text } = check(indexWith([[40_000, "mysarkar.gov.in"], [41_000, "nikkoprint.co.jp"]]));
  yes("mysarkar.online", "mysarkar.top");
  assert.match(text("mysarkar.online"), /looks like mysarkar\.gov\.in but is not: the same name under another ending \(\.online\)/);
  // A government's ending in front of such a name stays the first reason, HIGH, the host shown.
  const s = scoreUrl("mail.gov.in.mysarkar.online", indexWith([[40_000, "mysarkar.gov.in"]]))!;
  assert.equal(s.level, "HIGH");
  assert.equal(s.domain, "mail.gov.in.mysarkar.online");
  assert.match(s.reasons[0]!.text, /"gov\.in", a government's own ending, is put in front of the unrelated address mysarkar\.online/);
  // Not under an ordinary ending; not a Japanese company's co.jp name.
  no("mysarkar.com", "nikkoprint.top");
});

test("round 10: a brand of a known trade beside its trade's words, with a second sign", () => {
  const KORA = { brand: "Koratel", category: "telecom", domains: ["koratel.ki"], tokens: ["koratel"], region: "KI", national: true as const };
  const ZEN = { brand: "Zenbank", category: "bank", domains: ["zenbank.ki"], tokens: ["zenbank"], region: "KI", national: true as const };
  const { yes, no, text } = check(indexWith([], [KORA, ZEN]));
  // A telecom's bundle words with a lure word, digits or an abused ending; a bank's card words with digits.
  yes("koratelinternetbonus.com", "koratelsim.top", "gbkoratel2.net", "zenbankkart2.com");
  assert.match(text("koratelinternetbonus.com"), /looks like koratel\.ki but is not: its name is "koratel" with words of its own trade \("internetbonus"\) added/);
  // The trade's word alone is how brands name their own sites; another trade's word is no sign of this rule.
  no("koratelinternet.com", "zenbankcard.com", "zenbanksim2.com");
});

test("round 10: a government's ending written across the registrable name's dot, also with look-alike letters", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("portal.gov.pk-secure.top", "mail.tax.qov.uk-online.com", "www.g0v.my-bantuan.net");
  assert.match(text("mail.tax.qov.uk-online.com"), /"qov\.uk" reads as a government's own ending written across the dot of the unrelated address uk-online\.com/);
  // "us-gov" is Amazon's GovCloud, not a government's ending; "gov" with no country code after it.
  no("gov.us-site.com", "portal.gov.example-site.com", "govtrack.us");
});
