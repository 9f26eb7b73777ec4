/**
 * The lookalike rules of issue 13's round 13 (typing slips, chosen from the typo-labelled misses of reports sets 3–9),
 * one test each, on the small universe of test/helpers/lookalike-rules-universe.ts plus the shipped curated brands.
 * No case is taken from the measured sets (test/data).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { check, indexWith } from "../../test/helpers/lookalike-rules-universe.ts";

test("round 13: under an ending favoured by abusers, any one slip of a top-1,000 name of 6+ letters", () => {
  const { yes, no, text } = check(indexWith([]));
  // The first letter changed, a plural "s", a letter added at the end, a swap: under .site, .shop, .top, .xyz.
  yes("bokemon.site", "pokemons.shop", "openaiy.top", "rakuetn.xyz", "dizqus.online");
  assert.match(text("bokemon.site"), /looks like pokemon\.com but is not: one letter slipped \("bokemon" instead of "pokemon"\) under the ending \.site, favoured by abusers/);
  // The same slips under an ordinary ending, two slips, a 5-letter name (webex), and the first letter cut (the rest of
  // a name split by a dot) stay unread by this rule.
  no("bokemon.com", "pokemons.de", "bokemno.site", "webax.site", "wepex.top", "okemon.site");
});

test("round 13: a vowel for a vowel in a national brand's name of 8+ letters keeps its sound", () => {
  const TARAWA = { brand: "Tarawa Bank", category: "bank", domains: ["tarawabank.ki"], tokens: ["tarawabank"], region: "KI", national: true as const };
  const KORA = { brand: "Koratel", category: "telecom", domains: ["koratel.ki"], tokens: ["koratel"], region: "KI", national: true as const };
  const GAZ = { brand: "Kiri Gazette", category: "news", domains: ["kirigazette.ki"], tokens: ["kirigazette"], region: "KI", national: true as const };
  const { yes, no, text } = check(indexWith([], [TARAWA, KORA, GAZ]));
  yes("tarawabenk.com", "tarowabank.net", "tarawabunk.org", "kirigazitte.com");
  assert.match(text("tarawabenk.com"), /looks like tarawabank\.ki but is not: a vowel is changed, keeping the name's sound \("tarawabenk" instead of "tarawabank"\)/);
  // A consonant changed (not beside its key: n/m is a plausible slip typo() reads), the first letter changed, a vowel
  // among the last two letters (an inflected word), a 7-letter national name, the brand's own domain.
  no("tarawabazk.com", "oarawabank.com", "kirigazetta.com", "koratil.com", "tarawabank.ki");
});

test("round 13: two swaps in a top-1,000 name of 12+ letters, even side by side", () => {
  const { yes, no, text } = check(indexWith([]));
  yes("stackvoerlfow.com", "stcakoverlfow.net", "stakcoevrflow.org");
  assert.match(text("stackvoerlfow.com"), /looks like stackoverflow\.com but is not: two pairs of letters are swapped \("stackvoerlfow" instead of "stackoverflow"\)/);
  // An 11-letter name with two swaps side by side; three swaps.
  no("tripdavsior.com", "stcakvoerlfow.com");
});
