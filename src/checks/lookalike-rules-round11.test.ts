/**
 * The lookalike rules of issue 13's round 11 (broad families chosen from the seventh reports set's misses), one test
 * each, on the small universe of test/helpers/lookalike-rules-universe.ts plus the shipped curated brands. No case is
 * taken from the measured sets (test/data).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { check, indexWith } from "../../test/helpers/lookalike-rules-universe.ts";

test("round 11: Firebase's database names, GitLab Pages and ngrok's free tunnels are free hosting; a curated brand there is judged", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("whatsapp-verify-2231.firebaseio.com", "telegram-premium.firebasedatabase.app", "paypal-resolution.gitlab.io", "icloud-find.ngrok-free.app");
  assert.match(text("whatsapp-verify-2231.firebaseio.com"), /looks like WhatsApp \(whatsapp\.com\) but is not/);
  no("chess-scores-2231.firebaseio.com", "weather-dashboard.gitlab.io", "home-lab.ngrok-free.app");
});

test("round 11: on free hosting, a distinctive top-10,000 name as a whole hyphen part, or glued to its own country's code", () => {
  const { yes, no, text } = check(indexWith([[7_000, "kiwimart.co.nz"]]));
  yes("freelancer-board.azurewebsites.net", "mediaset-nda.netlify.app", "verify-kiwimartnz.azurewebsites.net", "kiwimartnz.web.app");
  assert.match(text("freelancer-board.azurewebsites.net"), /looks like freelancer\.com but is not: its name holds "freelancer" among other words, on the free hosting service azurewebsites\.net/);
  assert.match(text("kiwimartnz.web.app"), /its name is "kiwimart" with its country's code glued on \("kiwimartnz"\)/);
  // Glued to other words (a tenant's own project name), a name beyond the top 10,000, another country's code, dynamic DNS.
  no("freelancerportfolio.azurewebsites.net", "zougla-fans.netlify.app", "kiwimartde.web.app", "freelancer-home.ddns.net");
});

test("round 11: a letter doubled inside a tenant's name on free hosting is read once, then judged as on free hosting", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("pokkemonlogin.blogspot.com", "opennaiverify.netlify.app");
  assert.match(text("pokkemonlogin.blogspot.com"), /looks like pokemon\.com but is not: a letter is doubled in its name \("pokkemonlogin" reads as "pokemonlogin"\), on the free hosting service blogspot\.com/);
  // Not on free hosting (the registered name is judged by the other techniques); a doubled letter in an ordinary word.
  no("pokkemonfans.com", "bookkeeper-notes.blogspot.com");
});

test("round 11: sign-in and banking words of Italian and Spanish bank phishing, and two lure words glued into one part", () => {
  const KBK = { brand: "KBK", category: "bank", domains: ["kbk.ki"], tokens: [], words: ["kbk"], region: "KI", national: true as const };
  const { yes, no, text } = check(indexWith([], [KBK]));
  yes("accesso-sicuro-kbk.net", "servizi-online-kbk.com", "seguro-avances-kbk.com", "kbk-loginsecure.com");
  assert.match(text("servizi-online-kbk.com"), /looks like kbk\.ki but is not: its name is "kbk" with extra words, hyphens or digits added/);
  // Weak words glued (how sites name their services), insurance ("seguros" is a trade), the name alone.
  no("kbk-cloudapp.com", "mycloud-kbk.com", "kbk-seguros.com", "kbk.com");
});

test("round 11: a long top-1,000 name spelt as it sounds (c/k/q/s/z, ph/f, vowels, doubled letters), its start kept", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("trypadvizzor.com", "staqoverphlow.com");
  assert.match(text("trypadvizzor.com"), /looks like tripadvisor\.com but is not: it is spelt as "tripadvisor" sounds \("trypadvizzor" instead of "tripadvisor"\)/);
  // Another start, longer than the name by more than a letter, a 7-letter name (pokemon: pokeman is another word).
  no("drypadvysor.com", "trypadvizzorhotels.com", "pocimon.com");
});

test("round 11: a brand's domain slightly altered and put in front of another address", () => {
  const { yes, no, text } = check(indexWith([]));
  // A letter added, a letter doubled, l written for i, the name among lure words before a label that reads as its ending.
  yes("secure.pokemonn.com.login-check.top", "www.kayyak.com.verify.p12x.online", "openal.com.x.top", "secure-freelancer.com.accounts.example-site.com");
  assert.match(text("www.kayyak.com.verify.p12x.online"), /looks like kayak\.com but is not: "kayyak\.com" reads as kayak\.com and is put in front of the unrelated address p12x\.online/);
  // No name, a country's own sections, no label read as an ending after it.
  no("shop.de.example.com", "docs.helpdesk.com.example.com", "secure-web.com.example.net", "pokemonn.example.com");
});

test("round 11: a national name under France's open territory endings; a government body's name under another country's ending", () => {
  const POL = { brand: "Kiribati Police", category: "government", domains: ["kiripolice.gov.ki"], tokens: ["kiripolice"], region: "KI", national: true as const };
  const NEWS = { brand: "Kiri Times", category: "news", domains: ["kiritimes.ki"], tokens: ["kiritimes"], region: "KI", national: true as const };
  const { yes, no, text } = check(indexWith([], [POL, NEWS]));
  yes("kiritimes.pm", "kiritimes.yt", "kiripolice.pe", "kiripolice.de");
  assert.match(text("kiripolice.pe"), /looks like kiripolice\.gov\.ki but is not: the same name under another ending \(\.pe\)/);
  // Its own country's ending; .com; a news site under a neighbour's ending (news sites run editions abroad).
  no("kiripolice.ki", "kiripolice.com", "kiritimes.pe", "kiritimes.de");
});

test("round 11: a top-1,000 name beside words of the scripts and statistics a page loads (watering holes, card skimmers)", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("pokemonstatics.com", "analyticsopenai.net", "webexsdkstream.com", "openai-usercontent.com", "adspokemon.com");
  assert.match(text("webexsdkstream.com"), /looks like webex\.com but is not: its name is "webex" with words of a site's scripts or statistics \("sdkstream"\) added/);
  // Advertising words after the name (a brand's ad platform), a top-10,000 name, other words.
  no("pokemonads.com", "kayakstats.com", "pokemonfans.com");
});

test("round 11: under an ending favoured by abusers, two letters swapped in a top-10,000 name, or one doubled in a top-1,000 one", () => {
  // "bild" is a top-1,000 name other names hold as a word (common): doubled, it is judged only under those endings.
  const BILD: [number, string][] = [[90, "bild.de"], [12_100, "mybild.com"], [13_100, "thebild.net"], [14_100, "superbild.org"], [15_100, "bigbild.io"]];
  const { yes, no, text } = check(indexWith(BILD));
  yes("kayka.top", "freelacner.online", "bildd.top", "biild.xyz");
  assert.match(text("kayka.top"), /looks like kayak\.com but is not: two letters are swapped \("kayka" instead of "kayak"\)/);
  assert.match(text("bildd.top"), /looks like bild\.de but is not: a letter is doubled \("bildd" instead of "bild"\)/);
  // The same names under endings brands use.
  no("kayka.com", "bildd.de", "biild.com");
});

test("round 11: a two-letter top-1,000 name's domain without its dot beside a lure; Dutch verification words; gov written with a q", () => {
  const KBK = { brand: "KBK", category: "bank", domains: ["kbk.ki"], tokens: [], words: ["kbk"], region: "KI", national: true as const };
  const { yes, no } = check(indexWith([[300, "zz.com"]], [KBK]));
  yes("zzcom-support.top", "kbk-verificatie.com", "kbk-qov.info");
  no("zzcom.top", "zzcomics-support.com", "kbk-kaart.com");
});

test("round 11: accents put on a long brand's name in an internationalised name", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("freelancerîhire.com", "pokémonkart.com");
  assert.match(text("pokémonkart.com"), /looks like pokemon\.com but is not: it uses look-alike characters \("pokémonkart" reads as "pokemonkart"\)/);
  // A short name (kayak), accents on an ordinary word.
  no("kayakîng.com", "café.com");
});

test("round 11: \"premium\" is a modded client's word beside a curated app", () => {
  const { yes, no } = check(indexWith([]));
  yes("whatsapppremium.net", "premiumtelegram-apk.com");
  no("premiumwhatsappstickers.com", "premium-tools.net");
});
