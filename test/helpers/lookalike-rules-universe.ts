/**
 * The small brand universe the lookalike rule tests judge against (src/checks/lookalike-rules*.test.ts): made in
 * code, so that a name is not simply "popular" and the rule itself decides, plus the shipped curated brands.
 */
import assert from "node:assert/strict";
import { compileBrands, scoreUrl, type Brand, type BrandIndex } from "../../src/checks/lookalike.ts";
import { loadUniverse } from "../../src/checks/lookalike-universe.ts";
import { deriveUniverse } from "../../src/checks/lookalike-universe-build.ts";

// Ranks set the tiers: ≤ 1,000 top, ≤ 10,000 second, beyond third.
export const ROWS: [number, string][] = [
  [5, "pokemon.com"], [20, "webex.com"], [30, "rakuten.co.jp"], [40, "dns.google"], [500, "2gis.com"], [600, "rnib.org.uk"],
  [700, "openai.com"], [900, "mzstatic.com"], [2_000, "rte.ie"], [3_000, "freelancer.com"], [4_000, "mediaset.it"],
  [5_000, "shop-apotheke.com"], [20_000, "zougla.gr"], [25_000, "krisha.kz"], [30_000, "post.kz"], [8_000, "ukr.net"],
  [3_500, "kayak.com"], [3_600, "kayak.com.mx"], [6_000, "bitfinex.com"],
  // Round 4 (issue 13): digits for letters, short names, a doubled letter and another slip.
  [800, "vkontakte.ru"], [850, "disqus.com"], [2_500, "navyfederal.org"], [2_600, "interac.ca"], [2_700, "digi.com.my"],
  // Round 5: a top-1,000 name other names hold as a word; long .com names with and without national sites.
  [50, "kicker.de"], [12_000, "mykicker.com"], [13_000, "thekicker.net"], [14_000, "superkicker.org"], [15_000, "bigkicker.io"],
  [60, "stackoverflow.com"], [70, "tripadvisor.com"], [71, "tripadvisor.de"], [450, "20minutes.fr"], [460, "xvideos3.com"],
];
export const derived = deriveUniverse(ROWS);
// Without the national brands (zougla.gr is one): the rank alone sets each name's tier here.
export const index = indexWith([]);
export const flagged = (d: string) => !!scoreUrl(d, index)?.suspicious;
export const text = (d: string) => scoreUrl(d, index)?.reasons[0]?.text ?? "";
export const none = (...ds: string[]) => ds.forEach((d) => assert.equal(flagged(d), false, d));
export const all = (...ds: string[]) => ds.forEach((d) => assert.equal(flagged(d), true, d));

/** yes/no/text judged against one universe (the round 8–12 rule tests build their own with indexWith). */
export const check = (idx: BrandIndex) => ({
  yes: (...ds: string[]) => ds.forEach((d) => assert.equal(!!scoreUrl(d, idx)?.suspicious, true, d)),
  no: (...ds: string[]) => ds.forEach((d) => assert.equal(!!scoreUrl(d, idx)?.suspicious, false, d)),
  text: (d: string) => scoreUrl(d, idx)?.reasons[0]?.text ?? "",
});

/** The universe with more ranked domains and national brands than ROWS. */
export function indexWith(rows: [number, string][], national: Brand[] = []): BrandIndex {
  const d = rows.length ? deriveUniverse([...ROWS, ...rows]) : derived;
  return compileBrands(undefined, loadUniverse(d.namesText, d.hashes, national));
}
