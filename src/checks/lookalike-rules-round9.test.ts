/**
 * The lookalike rules of issue 13's round 9 (families read in the fifth reports set's misses), one test each, on the
 * small universe of test/helpers/lookalike-rules-universe.ts plus the shipped curated brands. No case is taken from
 * the measured sets (test/data).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { check, indexWith } from "../../test/helpers/lookalike-rules-universe.ts";

const BNZ = { brand: "BNZ", category: "bank", domains: ["bnz.co.nz"], tokens: ["bnz"], region: "NZ", national: true as const };

test("round 9: free site builders' and hosts' shared domains (uCoz, Webs, Beget) are free hosting", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("paypal-login.beget.tech", "pokemon-gift.ulcraft.com", "whatsapp-update.webs.com", "secure-rakuten.my1.ru");
  assert.match(text("pokemon-gift.ulcraft.com"), /on the free hosting service ulcraft\.com/);
  // A tenant whose name holds no brand; the providers' own sites.
  no("gardenclub.webs.com", "kotiki.ucoz.net", "beget.tech", "webs.com");
});

test("round 9: a brand's short name in front of a throwaway address; a numbered copy of a brand's name in front of any", () => {
  const { yes, no, text } = check(indexWith([], [BNZ]));
  // A national brand's three letters or a top-10,000 name of four, before an abused or generic-sold ending, a name
  // with digits, or a free host; a top-10,000 name of 6+ letters with one or two digits, before any address.
  yes("bnz.secure-app.top", "bnz.k7731.mobi", "digi.promo-pay.cc", "bnz.tenant.beget.tech", "freelancer1.jobs-board.com", "mediaset12.example.com");
  assert.match(text("bnz.k7731.mobi"), /looks like bnz\.co\.nz but is not: "bnz" is put in front of the unrelated address k7731\.mobi/);
  assert.match(text("freelancer1.jobs-board.com"), /"freelancer1" is put in front of the unrelated address jobs-board\.com/);
  // No sign from the address; three digits (a build or a server number); a name of 5 letters numbered (kayak2).
  no("bnz.example.com", "digi.example.com", "freelancer123.jobs-board.com", "kayak2.example.com");
  // A popular name among two or more lure or notice words of one label, before any address.
  yes("secure-login-kayak.shop.example.com", "help-bnz-account-verify.dealer.co.uk");
  assert.match(text("secure-login-kayak.shop.example.com"), /looks like kayak\.com but is not: "secure-login-kayak" is put in front of the unrelated address example\.com/);
  // One lure word beside it (a team's own host name); a name beyond the top 10,000 (zougla) among lures.
  no("kayak-app.example.com", "secure-login-zougla.example.com");
});

test("round 9: an app's name with a modded client's word glued on (Plus, GB, FM, Yo, OG, Aero, Omar)", () => {
  const { yes, no, text } = check(indexWith([]));
  // Curated apps with the mod's word before or after, platform words behind; "plus" in front of a top-1,000 name.
  yes("gbtelegram.net", "viberplus-apk.com", "telegram-plus.org", "whatsappaero.net", "ogsnapchat.com", "skypeplusandroid.ru", "pluspokemon.com");
  assert.match(text("whatsappaero.net"), /looks like WhatsApp \(whatsapp\.com\) but is not: its name is "whatsapp" with "aero", a modded client's word, added/);
  // "plus" after a name that is no curated app (a publisher's subscription: rakutenplus); other words behind the
  // mod (telegramplusfans); a top-1,000 name of 3 letters; no popular name.
  no("rakutenplus.com", "telegramplusfans.com", "plus2gis.com", "plusmedia.com", "gbparts.com");
});

test("round 9: a ministry's short name with a country code glued on; \"government\" in other languages", () => {
  const { yes, no, text } = check(indexWith([]));
  // min + field with a country code before, after or between; the word for government as a word of a name, alone
  // under a generic ending, or glued to a country code whose government has its own ending.
  yes("kzminfin.com", "minjustua.org", "minpkenergo.net", "tax-pemerintah.com", "kerajaan.online", "kerajaanmy.com", "pravitelstvo.info");
  assert.match(text("minjustua.org"), /looks like a government or army site but is not: "minjustua" names a ministry with a country code \("ua"\) glued on/);
  assert.match(text("kerajaanmy.com"), /"kerajaanmy" names a government, and in a name anyone can buy/);
  // No country code (minfin is also a finance site's name); Minsk's names; the word alone under a country's ending
  // (that country's own); glued to other words (an institute, a magazine); a code that is no government's (go.id).
  no("minfin.com", "minsktrans.net", "regierung.de", "instituteforgovernment.org", "pemerintahid.com");
});

test("round 9: \"mail\" and \"my account\" in other languages are lure words (poczta, pochta, correo, moncompte)", () => {
  const { yes, no, text } = check(indexWith([], [BNZ]));
  yes("bnz-poczta.com", "correo-bnz.net", "moncompte-bnz.com", "kayak-pochta.org");
  assert.match(text("moncompte-bnz.com"), /looks like bnz\.co\.nz but is not: its name is "bnz" with extra words/);
  // Other words beside a short name (a contact page, Poland's courier Pocztex).
  no("bnz-kontakt.com", "bnz-pocztex.com");
});

test("round 9: a popular name of 6+ letters of any rank under Freenom's free endings (.tk, .ml, .ga, .cf, .gq)", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("zougla.tk", "krisha.ml", "mediaset.gq", "freelancer.cf");
  assert.match(text("krisha.ml"), /looks like krisha\.kz but is not: the same name under the ending \.ml, given away or sold cheaply to anyone/);
  // Shorter names beyond the top 1,000 (kayak: 5 letters); .pw, sold rather than given away, keeps the top-1,000 rule.
  no("kayak.ga", "zougla.pw", "krisha.pw");
});
