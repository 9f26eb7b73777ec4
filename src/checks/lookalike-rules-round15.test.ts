/**
 * The lookalike rules of issue 13's round 15 (families chosen from the eleventh blind set's misses), one test each,
 * on the small universe of test/helpers/lookalike-rules-universe.ts. No case is taken from the measured sets (test/data).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { check, indexWith } from "../../test/helpers/lookalike-rules-universe.ts";

const KIRICOIN = { brand: "Kiricoin", category: "crypto", domains: ["kiricoin.ki"], tokens: ["kiricoin"], region: "KI", national: true as const };

test("round 15: a generated reference number beside a popular name", () => {
  const { yes, no, text } = check(indexWith([]));
  // Beside a name that is also an ordinary word (kicker: the universe's other names hold it), which words alone do not
  // make a look-alike of.
  yes("kicker-00473821.com", "receipt4821-pokemon.net");
  assert.match(text("kicker-00473821.com"), /a generated reference number \("00473821"\) beside "kicker"/);
  // A year, a short number, a number beside no popular name.
  no("kicker-2024.com", "kicker-123.com", "fitness-48213.com");
});

test("round 15: the words of crypto giveaway scams", () => {
  const { yes, no, text } = check(indexWith([], [KIRICOIN]));
  yes("openai-gives.com", "x2openai.com", "openai-airdrop.net", "eventkiricoin.com", "kiricoin-event.org");
  assert.match(text("x2openai.com"), /the words of crypto giveaway scams \("x2"\) are glued to "openai"/);
  // "Event" glued to a brand that is no crypto exchange names its own events; giveaway words beside no popular name.
  no("eventopenai.com", "double-espresso.com", "gives-back.org");
});

test("round 15: disaster-relief donation words beside a government body's name", () => {
  const { yes, no } = check(indexWith([[60_000, "kdma.gov.ki"]]));
  // Turkish and English donation and aid words, hyphenated or glued, even to a 4-letter body's name.
  yes("kdma-bagis.net", "kdmazede.com", "kdmaacilyardim.com", "kdma-relief.org");
  // The words alone, or beside a name that is nobody's.
  no("donation-center.com", "acilyardim.com", "kdmx-bagis.net");
});

test("round 15: a number-and-name brand written without its hyphen", () => {
  const { yes, no, text } = check(indexWith([[5_200, "7-zip.org"], [6_100, "health-partners.org"]]));
  yes("7zip.com", "7zip.cloud");
  assert.match(text("7zip.com"), /"7zip" is "7-zip" written without its hyphen/);
  // Longer hyphenated names run their unhyphenated forms as other sites (healthpartners); the brand's own domain.
  no("healthpartners.com", "7-zip.org");
});

test("round 15: an l before a consonant at a word's start reads as an i", () => {
  const { yes, no } = check(indexWith([[300, "icloud.com"]]));
  yes("lcloud-login.top", "secure-lcloud.com");
  // Words that start with l and a vowel, and an l elsewhere in a word, stay as written.
  no("lacloud.com", "clcloud.com");
});

test("round 15: a parcel's other English word is a courier lure", () => {
  const { yes, no } = check(indexWith([]));
  yes("pokemonpackets.com", "pokemon-packet.net", "kicker-packets.com");
  no("network-packets.com", "packetstorm.org");
});
