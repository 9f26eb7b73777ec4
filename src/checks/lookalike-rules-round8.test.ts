/**
 * The lookalike rules of issue 13's round 8 (families of top-1,000 and top-10,000 brands the rules turned away), one
 * test each, on the small universe of test/helpers/lookalike-rules-universe.ts plus the shipped curated brands.
 * No case is taken from the measured sets (test/data).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { check, indexWith } from "../../test/helpers/lookalike-rules-universe.ts";

test("round 8: a top-1,000 name beside its own kind of service words, in the shapes brands do not name their hosts with", () => {
  const { yes, no, text } = check(indexWith([[200, "rakutencloud.com"], [210, "360.cn"]]));
  // Words in front (two of them before a top-10,000 name); two words after; a country code after; "-net" under a
  // generic ending.
  yes("careerrakuten.net", "cdnpokemon.org", "cdn-openai.co", "rakutenyuncdn.com", "pokemonmailservice.org", "rakutenkz.com",
    "pokemon-cn.org", "360mailservice.com", "openai-net.com", "cdn-edge-freelancer.com");
  assert.match(text("rakutenkz.com"), /its name is "rakuten" with a country code \("kz"\) added/);
  assert.match(text("rakutenyuncdn.com"), /with words of a service's own hosts \("yuncdn"\) added/);
  // One word after the name is how a brand names its own hosts (given up); a name and its first word that make a
  // popular name of their own (rakutencloud); a code sold as a generic ending or an ordinary word's ending; a
  // national ending; a name beyond the top 1,000 (freelancer is ranked 3,000); a name no longer than 4 letters in front.
  no("rakutencdn.com", "rakuten-static.net", "rakutenclouddev.com", "rakutenai.com", "openai-net.de", "careerfreelancer.com",
    "careerrnib.org", "rakutenmailer.com");
});

test("round 8: two slips apart from each other in a top-1,000 name of 9+ letters", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("stakoverfloow.com", "tripadvlsors.net", "vkonntakie.org");
  assert.match(text("tripadvlsors.net"), /two letters differ, apart from each other \("tripadvlsors" instead of "tripadvisor"\)/);
  // Two changes side by side replace a word (tripadmiser; tripadvizer, which sounds as the name, is round 11's); a
  // first letter changed; a name beyond the top 1,000 (freelancer); a name shorter than 9 letters (rakuten).
  no("tripadmiser.com", "xripadvisr.com", "freelamcerr.com", "rokutem.com");
});

test("round 8: a plausible slip of a top-1,000 name with lure words glued on", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("rakuetnupdates.com", "securepokemno.net", "getopeenai.org");
  assert.match(text("rakuetnupdates.com"), /two letters are swapped \("rakuetn" instead of "rakuten"\) and the words "updates" added/);
  // A far key (x for e) is no slip a hand makes; words that are no lure; a slip of a name beyond the top 1,000.
  no("rakutxnupdates.com", "rakuetnstudio.com", "freelancrupdates.com");
});

test("round 8: look-alike letters read as a whole top-10,000 name, or as a long name among other words", () => {
  // gallery is an ordinary word here (four other names hold it), muzo a distinctive 4-letter top-1,000 name.
  const { yes, no, text } = check(indexWith([[150, "gallery.com"], [20_001, "mygallery.com"], [20_002, "artgallery.com"],
    [20_003, "photogallery.com"], [20_004, "topgallery.com"], [170, "muzo.com"], [3_700, "doom.com"]]));
  // q for g, rn for m: the reading alone, whatever the name's other uses; a long name read among any words.
  yes("qallery.com", "rnuzo.org", "printerhelp-rnediaset.com");
  assert.match(text("qallery.com"), /it uses look-alike letters \("qallery" reads as "gallery"\)/);
  // A 4-letter name beyond the top 1,000 read whole (doom, ranked 3,700); a short name read among other words needs
  // the other rules' signs.
  no("doorn.net", "shop-rnuzo.com");
});

test("round 8: a national brand's address written with a hyphen for the dot before its own domain", () => {
  const { yes, no, text } = check(indexWith([], [{ brand: "UKR.NET", category: "webmail", domains: ["ukr.net"], tokens: ["ukr"], region: "UA", national: true }]));
  yes("od-ukr.net", "securelogin-ukr.net", "webmail-ukr.net");
  assert.match(text("od-ukr.net"), /looks like od\.ukr\.net, an address of ukr\.net, but is not: the dot before "ukr\.net" is written as a hyphen/);
  // Other words in front (a shop's own name), the name under another ending, the domain itself.
  no("shoes-ukr.net", "od-ukr.com", "ukr.net");
});
