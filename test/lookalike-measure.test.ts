/**
 * Measures the lookalike check (issue 13): recall on hand-labelled impersonation domains, by technique, and false
 * positives on legitimate domains. "Flagged" means suspicious: MEDIUM or above. Prints every figure; thresholds sit a
 * little under (recall) or over (false positives) what was measured, so a regression fails.
 * Run:  node --import tsx --test test/lookalike-measure.test.ts
 *
 * What each set was used for (see test/data/README.md): the Amnesty and public sets and held-out split A were tuned
 * on; the MVT set was labelled before the detector ran on it, but rules were later changed after reading its misses
 * (it is no longer a clean hold-out); the fresh sets were written before the detector ran on them (the fresh
 * impersonation set's first run: 62/83; lure words in other languages and the dot-dropped rule were added after
 * reading its misses). Round 3 (data/brands-national.txt): held-out samples A and B were read, C, D and E only
 * counted; the reports set (impersonation-reports.txt: Citizen Lab, Amnesty, MISP, LabHost) was labelled before the
 * detector ran on it and its misses were never read while rules were chosen (first run 56/100).
 * Round 4: the reports set became a TUNING set (its misses were read and rules chosen from them: 57 → 68/100); the
 * second reports set (impersonation-reports2.txt: Citizen Lab, VIGINUM/DOJ Doppelgänger) was labelled and committed
 * before the detector ran on it and was measured once, at the end (its first-run figure is below).
 * Round 5: BOTH reports sets are TUNING sets (their misses were read and round 5's rules chosen from them: dynamic-DNS
 * hosts, the same name under new endings, brands glued to software words or digits, numbered names' slips); the
 * held-out measure of round 5 is a third reports set written by someone else and measured by the lead. In round 5
 * the false positives of all five held-out samples were read (the hyphen-split rule was narrowed from them) and each
 * new rule's cost was counted on all five (in its comment): none of A–E is a clean hold-out any more.
 * Round 6: the THIRD reports set (impersonation-reports3.txt, first run 90/206) and the third legitimate set
 * (legit-brandlike-3.txt, first run 3/196) are TUNING sets: their misses and false positives were read and round 6's
 * rules chosen from them (ASCII look-alike letters, sign-on words, government names out of place, free hosts'
 * tenants written as domains, brands' short links). The clean hold-out of round 6 is a fourth pair of sets written
 * by another engineer and measured by the lead (never read here).
 * Round 8: the misses of the third and fourth reports sets that imitate a top-1,000 or top-10,000 name were read and
 * round 8's rules chosen from them by family (a brand beside its own kind of service words, stacked slips, look-alike
 * letters read as a whole name, a national brand's address with a hyphen for the dot); every rule's cost was counted
 * on all five held-out samples. The clean hold-out of round 8 is a fifth pair of sets written by another engineer
 * (never looked for nor read here).
 * Round 9: the fifth reports set (first run 81/180) is a TUNING set: its misses were read and round 9's rules chosen
 * from them by family, each rule's cost counted on all 50,000 held-out ranks (in its comment and the README).
 * Round 10: the sixth reports set (first run 80/152) is a TUNING set likewise; a seventh blind pair, written by
 * someone else, measures round 10.
 * Round 11: the seventh reports set (first run 93/184) is a TUNING set likewise; an eighth blind pair, written by
 * someone else, measures round 11 (this test does not read it: the lead wires it in after measuring it once).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { compileBrands, scoreUrl, type BrandIndex } from "../src/checks/lookalike.ts";
import { loadUniverse } from "../src/checks/lookalike-universe.ts";
import { deriveUniverse, readRanking } from "../src/checks/lookalike-universe-build.ts";

const DATA = new URL("./data/", import.meta.url).pathname;
const RANKING = new URL("../../shared/data/popular-domains/popular-domains.csv", import.meta.url).pathname;
const TECHNIQUES = ["combo", "tld", "typo", "homoglyph", "subdomain", "freehost"] as const;
const SETS = ["impersonation-amnesty.txt", "impersonation-mvt.txt", "impersonation-fresh.txt", "impersonation-public.txt"];

/** Thresholds a little under (recall) or over (false positives) what was measured (README, "How well it works"). */
// Measured 2026-12-06 09:30 UTC (round 6): reports 71/100 (tuned on); held out A 0.83%, B 0.75%, C 0.94%, D 0.91%,
// E 0.82%, all 0.85% (round 5: A 0.80%, B 0.75%, C 0.93%, D 0.90%, E 0.82%, all 0.84%; round 4: all 0.88%).
// Round 8 (2026-12-06 11:00 UTC): A 0.83%, B 0.77%, C 0.95%, D 0.92%, E 0.84%, all 0.862% (431; round 7 430).
const MIN_REPORTS = 0.69;
// First run 2026-12-06 07:20 UTC, after round 4's rules were frozen: 42/79 (53.2%); tuned on in round 5: 59/79.
const MIN_REPORTS2 = 0.72;
// Third set: first run 90/206 (43.7%, end of round 5); tuned on in round 6: 134/206 (65.0%). Third legitimate set:
// first run 3/196; round 6: 0/196 (tmblr.co recognised from data/brand-short-links.txt, clarin+et read as a word).
// Round 8 (rules chosen by family from sets 3 and 4, and the national list completed by category): see below.
const MIN_REPORTS3 = 0.66;
const MAX_LEGIT3 = 1;
// The fourth sets, written blind during round 6 and measured once at its end (2026-12-06 09:47 UTC): the held-out figures.
// Round 8 (its misses read, rules chosen by family; national list by category): see below.
const MIN_REPORTS4 = 0.6;
const MAX_LEGIT4 = 2;
// The fifth sets, written blind during round 8 (committed 10:39 and 10:46 UTC) and measured once at its end
// (2026-12-06 11:27 UTC, rounds 8's rules and national list merged): the held-out figures of this session.
// Round 9 (its misses read, rules chosen by family: modded clients, ministries and "government" out of place, a
// brand's name in front of a throwaway address, mail words in other languages, Freenom endings): 103/180 (57.2%).
// Round 13 (typing slips: any slip of a top-1,000 name under an abused ending, a vowel for a vowel in a national name):
// 105/180 (vakifbenk.com).
const MIN_REPORTS5 = 0.57;
const MAX_LEGIT5 = 11;
// The sixth sets, written blind during round 9 (committed 11:58 and 12:05 UTC) and measured once at its end (12:07 UTC):
// 80/152. Round 10 (its misses read, broad families chosen: software-delivery words, toll-road names, ministries in
// other languages, a swap as one of two slips, country domains in front, a brand's own trade words): 104/152 (68.4%);
// held out A 0.84%, B 0.79%, C 0.94%, D 0.89%, E 0.84%, all 430 (0.86%); the legitimate sets unchanged.
const MIN_REPORTS6 = 0.68;
const MAX_LEGIT6 = 5;
// The seventh sets, written blind during round 10 (committed 13:40 and 13:49 UTC) and measured once at its end (15:37 UTC):
// 93/184. Round 11 (its misses read, broad families chosen: free hosts' tenants, a slipped domain in front, names spelt
// as they sound, national names under odd endings, banking words of other languages, words of a page's scripts and
// statistics, slips under abused endings): 129/184 (70.1%); held out A 0.85%, B 0.80%, C 0.94%, D 0.90%, E 0.85%, all
// 434 (0.87%); the legitimate sets unchanged.
const MIN_REPORTS7 = 0.69;
// Brands' own domains from more vendor documents and certificates (data/brand-domains.txt, 359 -> 566): gstatic-cn.com
// and googleapps-cn.com (Google's certificates) no longer flagged here, signal.art no longer in the fifth set.
const MAX_LEGIT7 = 5;
// The eighth sets, written blind during round 11 (committed 16:30 UTC) and measured once at its end (17:12 UTC): 65/189
// (34.4%), the session's starting build (a65c969) 64/189; legitimate 7/155, the starting build 9/155.
// Round 12 (its misses read: No-IP's other free domains, a Japanese brand's domain slipped or hyphenated in front of
// another address, Japanese national brands): 71/189 (37.6%); held out 432, the legitimate sets unchanged.
// Round 13 (typing slips): 72/189 (38.1%, flickry.xyz).
// Round 14 (session 11: a public body's role under another town's address): legitimate 7 -> 4 (three Italian towns).
const MIN_REPORTS8 = 0.38;
const MAX_LEGIT8 = 4;
// The ninth sets, written blind during round 12 (committed 17:22 and 17:32 UTC) and measured once at its end (17:32 UTC):
// 64/153 (41.8%); the session's starting build (a65c969) 60/153, the build after round 11 (1321514) 60/153 too;
// legitimate 5/146, the same 5 for all three builds.
// Round 13 (its typo-labelled misses read with those of sets 3–8; typing slips under abused endings and vowels for
// vowels in national names, two swaps in a 12+ letter name): 70/153 (45.8%), typing slips 0 -> 6/18; held out 434
// (0.87%; A at its cap, 85); legitimate sets unchanged.
// Round 14: legitimate 5 -> 2 (three Italian towns' comune.<town>.<province>.it).
const MIN_REPORTS9 = 0.45;
const MAX_LEGIT9 = 2;
// The tenth sets, written blind during round 13 (committed 17:46 and 17:54 UTC, at least 25 typing slips, 15 other endings
// and 18 look-alike letters) and measured once at its end (17:58 UTC): 76/152 (50.0%) for the session's starting build
// (a65c969), the build before round 13 (de7a31f) and after it alike; legitimate 4/131 for all three.
// Round 14 (session 11, inflected lure verbs and notices by language chosen from its misses: tuning figures):
// 79/152 (52.0%), then 81/152 (53.3%). Round 15 (lcloud-support.us): 82/152 (53.9%).
const MIN_REPORTS10 = 0.535;
const MAX_LEGIT10 = 4;
// Eleventh pair (session 11, written by H11 who never ran the detector; Sekoia Calisto and I-paid-twice, nine Infoblox
// reports, the German Foreign Office's Doppelgaenger report, JPCERT/CC, Maltrail, Gravity) measured once at 18:41 UTC:
// 53/138 (38.4%) for the session's starting build (3d93a04), 54/138 (39.1%) after round 14; legitimate 2/117 for both.
// Round 15 (campaign words, reference numbers, 7zip, lcloud, packets; chosen from its misses, so tuning figures): 77/138
// (55.8%).
const MIN_REPORTS11 = 0.55;
const MAX_LEGIT11 = 2;
// Twelfth pair (session 11, written by H12 who never ran the detector; Maltrail phishing.txt posts of 2018-10 to
// 2019-04, fakebat, batloader, Silent Librarian, MetaMask's eth-phishing-detect, PRODAFT UNC1151, Infoblox RMM
// look-alikes) measured once at 19:09 UTC: 69/123 (56.1%) for the session's starting build (3d93a04), after round 14
// (a469baa) and after round 15 alike; legitimate 4/140 for all three: this session's rounds added nothing blind.
const MIN_REPORTS12 = 0.56;
const MAX_LEGIT12 = 4;
const MAX_HELD_OUT = [0.0085, 0.0085, 0.0095, 0.0095, 0.009];
const MAX_HELD_OUT_ALL = 0.0088;

const lines = (file: string) => readFileSync(DATA + file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
const labelled = (file: string) => lines(file).map((l) => {
  const [domain, brand, technique] = l.split(/\s+/) as [string, string, string];
  return { domain, brand, technique };
});
const flagged = (d: string, index?: BrandIndex) => !!scoreUrl(d, index)?.suspicious;
const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;

type Recall = { hit: number; total: number; by: Map<string, { n: number; hit: number; missed: string[] }> };
function recallByTechnique(set: { domain: string; technique: string }[], index?: BrandIndex): Recall {
  const by: Recall["by"] = new Map();
  let hit = 0;
  for (const { domain, technique } of set) {
    const t = by.get(technique) ?? { n: 0, hit: 0, missed: [] };
    by.set(technique, t);
    t.n++;
    if (flagged(domain, index)) (t.hit++, hit++);
    else t.missed.push(domain);
  }
  return { hit, total: set.length, by };
}
const rate = (r: Recall, t?: string) => (t ? r.by.get(t)!.hit / r.by.get(t)!.n : r.hit / r.total);

function print(title: string, r: Recall) {
  console.log(`${title}: ${r.hit}/${r.total} (${pct(r.hit, r.total)})`);
  for (const t of TECHNIQUES) {
    const x = r.by.get(t);
    if (x) console.log(`  ${t.padEnd(10)} ${String(x.hit).padStart(3)}/${String(x.n).padEnd(4)} ${pct(x.hit, x.n).padStart(6)}${x.missed.length ? "   missed: " + x.missed.join(" ") : ""}`);
  }
}

/** A reports set's recall, printed by technique, against its floor. */
function checkReports(file: string, title: string, min: number): void {
  const r = recallByTechnique(labelled(file));
  print(title, r);
  assert.ok(rate(r) >= min, `recall on ${file} fell below ${min * 100}%`);
}

/** A legitimate set written blind: how many are flagged, against its cap. */
function checkLegit(file: string, max: number): void {
  const all = lines(file);
  const hits = all.filter((d) => flagged(d));
  console.log(`${file}: ${hits.length}/${all.length} flagged${hits.length ? ": " + hits.join(" ") : ""}`);
  assert.ok(hits.length <= max, `${file}: more than ${max} of ${all.length} flagged`);
}

test("recall on hand-labelled impersonation domains, by technique", () => {
  const [amnesty, mvt, fresh, pub] = SETS.map((f) => recallByTechnique(labelled(f)));
  const all = recallByTechnique(SETS.flatMap(labelled));
  print("Amnesty operator domains imitating a brand (tuned on)", amnesty!);
  print("MVT-indicator operator domains (RCS Lab, Predator, Candiru, QuaDream)", mvt!);
  print("fresh set written from public techniques on other brands", fresh!);
  print("public phishing techniques (the issue's examples; tuned on)", pub!);
  print("all sets together", all);
  // Measured 2026-12-06 09:30 UTC (round 6): Amnesty 144/178 (80.9%); MVT 55/75 (73.3%); fresh 80/83 (96.4%);
  // public 27/27; all 306/363 (84.3%): combo 80.5%, tld 86.9%, typo 79.4%, homoglyph 95.8%, subdomain 100%, freehost 91.7%.
  assert.ok(rate(amnesty!) >= 0.79, "Amnesty recall fell below 79%");
  assert.ok(rate(mvt!) >= 0.71, "MVT-set recall fell below 71%");
  assert.ok(rate(fresh!) >= 0.94, "fresh-set recall fell below 94%");
  assert.ok(rate(pub!) >= 0.95, "recall on the public-technique set fell below 95%");
  for (const [t, min] of [["combo", 0.78], ["tld", 0.84], ["typo", 0.77], ["homoglyph", 0.88], ["subdomain", 0.95], ["freehost", 0.9]] as const) {
    assert.ok(rate(all, t) >= min, `recall for ${t} over all sets fell below ${min * 100}%`);
  }
});

test("operator and phishing domains from public reports (held out in round 3, tuned on in rounds 4 and 5)", () => {
  const r = recallByTechnique(labelled("impersonation-reports.txt"));
  print("public reports (Citizen Lab, Amnesty, MISP, LabHost; tuned on since round 4)", r);
  // First run 2026-12-06 05:45 UTC, national brands in, before round 3's rules: 56/100; round 3 final 57; round 4 68;
  // round 5 71.
  assert.ok(rate(r) >= MIN_REPORTS, `recall on the reports set fell below ${MIN_REPORTS * 100}%`);
});

test("a second set from other public reports, labelled and committed before the detector ran on it (tuned on in round 5)", () => {
  // First run 2026-12-06 07:20 UTC: 42/79 (53.2%): combo 4/11, tld 16/29, typo 3/11, homoglyph 0/1, subdomain 8/10,
  // freehost 11/17. Tuned on in round 5: 59/79 (74.7%): combo 7/11, tld 25/29, typo 5/11, subdomain 10/10, freehost 12/17.
  checkReports("impersonation-reports2.txt", "public reports, second set (Citizen Lab, VIGINUM/DOJ Doppelgänger; tuned on since round 5)", MIN_REPORTS2);
});

test("a third set from other public reports (Maltrail's cited reports, Citizen Lab), written by someone who never ran the detector", () => {
  // First (held-out) run 2026-12-06 09:08 UTC, round 5's rules: 90/206 (43.7%): combo 30/83, homoglyph 18/35, typo
  // 11/21, tld 8/21, subdomain 15/22, freehost 8/24. Its misses were read after that run.
  checkReports("impersonation-reports3.txt", "public reports, third set (Maltrail's cited reports, Citizen Lab; first run at the end of round 5; tuned on in rounds 6 and 8)", MIN_REPORTS3);
});

test("a third legitimate set (side domains, official short links, national sites, real little-known names), written blind", () => {
  // First run 2026-12-06 09:08 UTC: 3/196 (tmblr.co, clarinet.org, jp-clarinet.org).
  checkLegit("legit-brandlike-3.txt", MAX_LEGIT3);
});

test("a fourth set from other public reports (Maltrail's cited reports, ESET, FakeSpy, Smishing Triad)", () => {
  // First (held-out) run 2026-12-06 09:47 UTC, round 6's rules: 76/152 (50.0%): combo 40/76, freehost 15/22, typo 5/19,
  // tld 4/15, subdomain 7/13, homoglyph 5/7. Then two rules were chosen from its misses (a domain written across the
  // dot, `anpost.com-winchessn.top`; any one-letter change of a 7+ letter top-1,000 name, `outlookz`): 81/152 (53.3%),
  // so it is no longer a clean hold-out.
  checkReports("impersonation-reports4.txt", "public reports, fourth set (held out until the end of round 6; tuned on in rounds 7 and 8)", MIN_REPORTS4);
});

test("a fourth legitimate set, written blind (held out until the end of round 6)", () => {
  // First run 2026-12-06 09:47 UTC: 2/175 (paypal-community.com, lapostemobile.fr).
  checkLegit("legit-brandlike-4.txt", MAX_LEGIT4);
});

test("a fifth set from other public reports (ESET, Volexity, Zimperium, Sekoia, Maltrail, Phishing.Database)", () => {
  // First (held-out) run 2026-12-06 11:27 UTC, round 8's rules and the national list by category: 81/180 (45.0%):
  // combo 44/99, subdomain 15/24, freehost 7/15, typo 8/20, homoglyph 4/13, tld 3/9. The session's starting build
  // (17e6218) scores 76/180 (42.2%) on it.
  checkReports("impersonation-reports5.txt", "public reports, fifth set (held out until the end of round 8)", MIN_REPORTS5);
});

test("a fifth legitimate set, written blind (held out until the end of round 8)", () => {
  // First run 2026-12-06 11:27 UTC: 12/172 (7.0%), 11 of them brand-owned side domains absent from the popularity list
  // (googlestore.com, amazonpayments.com, associates-amazon.com, paypal-status.com, netflixdnstest1.com,
  // cdn-telegram.org, signal.art, instagram-brand.com, instagram-engineering.com, openai.fund, binance.charity) and one
  // short link (monzo.me). The session's starting build flags 11 (all but cdn-telegram.org).
  checkLegit("legit-brandlike-5.txt", MAX_LEGIT5);
});

test("a sixth set from other public reports (Talos, Volexity, Zimperium, Sekoia, ESET, Maltrail)", () => {
  // First (held-out) run 2026-12-06 12:07 UTC, after rounds 8 and 9, the national list by category and the brands' own
  // domains: 80/152 (52.6%): combo 41/95, subdomain 30/35, freehost 4/6, tld 3/6, typo 1/9, homoglyph 1/1. The
  // session's starting build (17e6218) scores 78/152 (51.3%) on it: this session's rules barely generalise.
  checkReports("impersonation-reports6.txt", "public reports, sixth set (held out until the end of round 9)", MIN_REPORTS6);
});

test("a sixth legitimate set, written blind (held out until the end of round 9)", () => {
  // First run 2026-12-06 12:07 UTC: 5/164 (3.0%): youtubego.com, applestore.com, paypal-prepaid.com (brands' side
  // domains outside the ranking), beeline.am, halykbank.kg (national sites). The session's starting build: the same 5.
  checkLegit("legit-brandlike-6.txt", MAX_LEGIT6);
});

test("a seventh set from other public reports (Volexity, Talos, Meta, Citizen Lab PackRAT, ESET, Sekoia, Maltrail)", () => {
  // First (held-out) run 2026-12-06 15:37 UTC, after round 10: 93/184 (50.5%): combo 40/95, tld 11/28, typo 11/18,
  // homoglyph 15/19, subdomain 10/13, freehost 6/11. The session's starting build (f19c95c): 91/184 (49.5%), the
  // same by technique but typo 10/18 and combo 39/95. Round 10 raised its tuning set by 24 and this one by 2.
  checkReports("impersonation-reports7.txt", "public reports, seventh set (held out until the end of round 10)", MIN_REPORTS7);
});

test("a seventh legitimate set, written blind (held out until the end of round 10)", () => {
  // First run 2026-12-06 15:37 UTC: 7/153 (4.6%): gstatic-cn.com, googleapps-cn.com, paypal-media.com, paypal-mena.com,
  // paypal-mktg.com, huaweimobileservices.com (brands' side domains outside the ranking), comune.acerra.na.it. The
  // session's starting build: the same 7.
  checkLegit("legit-brandlike-7.txt", MAX_LEGIT7);
});

test("an eighth set from other public reports (Insikt Group, JPCERT/CC, Sophos, signature-base, Maltrail android trails)", () => {
  // First (held-out) run 2026-12-06 17:12 UTC, after round 11, the learned combination (not wired) and the brands'
  // own domains: 65/189 (34.4%): combo 39/103, subdomain 12/27, freehost 8/23, typo 4/18, tld 1/11, homoglyph 1/7.
  // The session's starting build (a65c969): 64/189 (33.9%), freehost 7/23. Round 11 raised its tuning set by 36 and
  // this one by 1.
  checkReports("impersonation-reports8.txt", "public reports, eighth set (held out until the end of round 11; tuned on in round 12)", MIN_REPORTS8);
});

test("an eighth legitimate set, written blind (held out until the end of round 11)", () => {
  // First run 2026-12-06 17:12 UTC: 7/155 (4.5%): facebook.design (a brand's side domain outside the ranking),
  // axios.link, dockr.ly (brands' short links), airtel.sc (a national site), comune.ventimiglia.im.it,
  // comune.sanpellegrinoterme.bg.it, comune.vinci.fi.it (towns named like brands). The starting build 9/155: also
  // signal.tube and signal.link, now Signal's own from its published hosts.
  checkLegit("legit-brandlike-8.txt", MAX_LEGIT8);
});

test("a ninth set from other public reports (ESET Sednit, Sekoia, Volexity, Insikt RedHotel, JPCERT/CC, SideWinder)", () => {
  // First (held-out) run 2026-12-06 17:32 UTC, after rounds 11 and 12: 64/153 (41.8%): combo 40/88, subdomain 19/36,
  // freehost 4/6, typo 0/18, tld 0/4, homoglyph 1/1. The session's starting build (a65c969) and the build after round
  // 11 (1321514): 60/153 (39.2%), subdomain 16/36, freehost 3/6: round 12's Japanese shapes and No-IP domains gave the 4.
  checkReports("impersonation-reports9.txt", "public reports, ninth set (held out until the end of round 12)", MIN_REPORTS9);
});

test("a ninth legitimate set, written blind (held out until the end of round 12)", () => {
  // First run 2026-12-06 17:32 UTC: 5/146 (3.4%): unicredit.eu, halykbank.com (brands' own sites under other endings),
  // comune.marsala.tp.it, comune.sapri.sa.it, comune.acerno.sa.it (towns named like brands). The starting build: the same 5.
  checkLegit("legit-brandlike-9.txt", MAX_LEGIT9);
});

test("a tenth set from other public reports (Unit 42, Infoblox, Maltrail's Cloud Atlas, Gaza and Android trails)", () => {
  // First (held-out) run 2026-12-06 17:58 UTC, after rounds 11–13: 76/152 (50.0%): combo 29/60, typo 10/27, tld 10/19,
  // freehost 9/19, homoglyph 12/18, subdomain 6/9; the session's starting build exactly the same: this session's three
  // rounds and the brands' own domains added nothing on names they never saw.
  checkReports("impersonation-reports10.txt", "public reports, tenth set (held out until the end of round 13)", MIN_REPORTS10);
});

test("a tenth legitimate set, written blind (held out until the end of round 13)", () => {
  // First run 2026-12-06 17:58 UTC: 4/131 (3.1%): netflix.shop, bybitglobal.com, yandex.team (brands' side domains
  // outside the ranking), wildberries.am (a national site). The starting build: the same 4.
  checkLegit("legit-brandlike-10.txt", MAX_LEGIT10);
});

test("an eleventh set from other public reports (Sekoia Calisto, Infoblox, Doppelgaenger clones, JPCERT/CC)", () => {
  // First (held-out) run 2026-12-06 18:41 UTC, after round 14: 54/138 (39.1%): combo 31/87, tld 8/18, subdomain 11/14,
  // typo 3/9, homoglyph 1/7, freehost 0/3; the session's starting build 53 (round 14 added mtbonlinesupports3.com).
  checkReports("impersonation-reports11.txt", "public reports, eleventh set (held out until the end of round 14)", MIN_REPORTS11);
});

test("an eleventh legitimate set, written blind (held out until the end of round 14)", () => {
  // First run 2026-12-06 18:41 UTC: 2/117 (1.7%): windtregroup.it (a group's site beside windtre.it), mpesa.africa
  // (M-Pesa's pan-African site). The starting build: the same 2.
  checkLegit("legit-brandlike-11.txt", MAX_LEGIT11);
});

test("a twelfth set from other public reports (Maltrail phishing posts, fakebat, MetaMask's list, PRODAFT, Infoblox)", () => {
  // First (held-out) run 2026-12-06 19:09 UTC, after rounds 14 and 15: 69/123 (56.1%): combo 18/39, typo 11/25,
  // homoglyph 13/21, subdomain 16/18, tld 8/16, freehost 3/4; the session's starting build exactly the same.
  checkReports("impersonation-reports12.txt", "public reports, twelfth set (held out until the end of round 15)", MIN_REPORTS12);
});

test("a twelfth legitimate set, written blind (held out until the end of round 15)", () => {
  // First run 2026-12-06 19:09 UTC: 4/140 (2.9%): walmrt.us (Walmart's short link), amazonwatch.org, amazonteam.org
  // (sites holding "amazon": a rainforest charity, a team), steamrail.com.au (a heritage railway). The starting build the same 4.
  checkLegit("legit-brandlike-12.txt", MAX_LEGIT12);
});

test("legitimate brand-like and little-known sets: few or no false positives; official shorteners only a note", () => {
  const counts: Record<string, number> = {};
  for (const f of ["legit-brandlike.txt", "legit-sidedomains-fresh.txt", "legit-littleknown.txt", "legit-littleknown-fresh.txt"]) {
    const hits = lines(f).filter((d) => flagged(d));
    counts[f] = hits.length;
    console.log(`${f}: ${hits.length}/${lines(f).length} flagged (${pct(hits.length, lines(f).length)})${hits.length ? ": " + hits.join(" ") : ""}`);
  }
  // Measured 2026-12-06 06:04 UTC: brand-like 0/60; fresh side domains 0/70; hand-made hard little-known names 2/50
  // (mailchimpo.org, tinyurlz-archive.org are written to be hard); fresh little-known 0/65.
  assert.equal(counts["legit-brandlike.txt"], 0);
  assert.ok(counts["legit-sidedomains-fresh.txt"]! <= 1, "fresh side domains: more than 1 of 70 flagged");
  assert.ok(counts["legit-littleknown.txt"]! <= 3, "hand-made little-known set: more than 3 of 50 flagged");
  assert.ok(counts["legit-littleknown-fresh.txt"]! <= 0, "fresh little-known set: one of 65 flagged");
  for (const d of ["denveroffice.com", "4sanfrancisco.com", "posteo.at", "apple-dns.net", "googlemail.com", "thomsonreuters.com"]) assert.equal(flagged(d), false, d);
  for (const d of ["t.co", "lnkd.in", "forms.gle"]) {
    const s = scoreUrl(`https://${d}/abc`)!;
    assert.equal(s.level, "LOW", d);
    assert.match(s.reasons.at(-1)!.text, /the real destination is hidden/, d);
  }
});

test("held out: a universe built from ranks 1–50,000 flags few of ranks 50,001–100,000", { skip: !existsSync(RANKING) && "../shared/data not present" }, () => {
  const rows = readRanking(readFileSync(RANKING, "utf8"));
  const derived = deriveUniverse(rows.filter(([r]) => r <= 50_000));
  const index = compileBrands(undefined, loadUniverse(derived.namesText, derived.hashes));
  const rates: number[] = [];
  let all = 0;
  // Five disjoint samples of 10,000 (every 5th domain beyond rank 50,000): A tuned on, B read, C and D read in round 4,
  // E only counted; in round 5 all five were read (see the header).
  for (const [name, k] of [["A", 0], ["B", 2], ["C", 4], ["D", 1], ["E", 3]] as const) {
    const held = rows.filter(([r], i) => r > 50_000 && i % 5 === k).map(([, d]) => d);
    const hits = held.filter((d) => flagged(d, index));
    rates.push(hits.length / held.length);
    all += hits.length;
    console.log(`held out ${name}: ${hits.length}/${held.length} flagged (${pct(hits.length, held.length)}); e.g. ${hits.slice(0, 12).join(" ")}`);
  }
  console.log(`held out, all 50,000: ${all} flagged (${pct(all, 50_000)})`);
  const amnesty = recallByTechnique(labelled("impersonation-amnesty.txt"), index);
  console.log(`  recall with that smaller universe: Amnesty ${amnesty.hit}/${amnesty.total} (${pct(amnesty.hit, amnesty.total)})`);
  // Measured: see MAX_HELD_OUT below and README ("How well it works").
  for (const [i, max] of MAX_HELD_OUT.entries()) assert.ok(rates[i]! <= max, `held-out sample ${"ABCDE"[i]} above ${max * 100}%`);
  assert.ok(all / 50_000 <= MAX_HELD_OUT_ALL, `held-out ranks above ${MAX_HELD_OUT_ALL * 100}%`);
});

test("no false positive on the 500 most-linked legitimate domains (npm top-sites)", () => {
  const domains = (JSON.parse(readFileSync(DATA + "top-sites.json", "utf8")) as { rootDomain: string }[]).map((s) => s.rootDomain);
  const hits = domains.filter((d) => flagged(d));
  const notes = domains.filter((d) => scoreUrl(d)?.level === "LOW");
  console.log(`top-sites: ${hits.length}/${domains.length} suspicious${hits.length ? ": " + hits.join(" ") : ""}; ${notes.length} with a LOW note (shorteners: ${notes.join(" ")})`);
  assert.deepEqual(hits, []);
});
