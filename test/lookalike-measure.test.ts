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
 * reading its misses); held-out
 * sample C (every 5th domain from the 5th) was measured only once, at the end.
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

test("recall on hand-labelled impersonation domains, by technique", () => {
  const [amnesty, mvt, fresh, pub] = SETS.map((f) => recallByTechnique(labelled(f)));
  const all = recallByTechnique(SETS.flatMap(labelled));
  print("Amnesty operator domains imitating a brand (tuned on)", amnesty!);
  print("MVT-indicator operator domains (RCS Lab, Predator, Candiru, QuaDream)", mvt!);
  print("fresh set written from public techniques on other brands", fresh!);
  print("public phishing techniques (the issue's examples; tuned on)", pub!);
  print("all sets together", all);
  // Measured 2026-12-06 03:46 UTC: Amnesty 135/178 (75.8%); MVT 46/75 (61.3%); fresh 78/83 (94.0%); public 27/27;
  // all 286/363 (78.8%): combo 77.9%, tld 71.4%, typo 76.5%, homoglyph 91.7%, subdomain 100%, freehost 91.7%.
  assert.ok(rate(amnesty!) >= 0.74, "Amnesty recall fell below 74%");
  assert.ok(rate(mvt!) >= 0.6, "MVT-set recall fell below 60%");
  assert.ok(rate(fresh!) >= 0.92, "fresh-set recall fell below 92%");
  assert.ok(rate(pub!) >= 0.95, "recall on the public-technique set fell below 95%");
  for (const [t, min] of [["combo", 0.75], ["tld", 0.7], ["typo", 0.75], ["homoglyph", 0.88], ["subdomain", 0.95], ["freehost", 0.85]] as const) {
    assert.ok(rate(all, t) >= min, `recall for ${t} over all sets fell below ${min * 100}%`);
  }
});

test("legitimate brand-like and little-known sets: few or no false positives; official shorteners only a note", () => {
  const counts: Record<string, number> = {};
  for (const f of ["legit-brandlike.txt", "legit-sidedomains-fresh.txt", "legit-littleknown.txt", "legit-littleknown-fresh.txt"]) {
    const hits = lines(f).filter((d) => flagged(d));
    counts[f] = hits.length;
    console.log(`${f}: ${hits.length}/${lines(f).length} flagged (${pct(hits.length, lines(f).length)})${hits.length ? ": " + hits.join(" ") : ""}`);
  }
  // Measured 2026-12-06: brand-like 0/60; fresh side domains 1/70 (amazonpay.in); hand-made hard little-known names
  // 5/50 (paypalmer.com, mailchimpo.org… are written to be hard); fresh little-known 1/65 (poste-restante.fr).
  assert.equal(counts["legit-brandlike.txt"], 0);
  assert.ok(counts["legit-sidedomains-fresh.txt"]! <= 2, "fresh side domains: more than 2 of 70 flagged");
  assert.ok(counts["legit-littleknown.txt"]! <= 7, "hand-made little-known set: more than 7 of 50 flagged");
  assert.ok(counts["legit-littleknown-fresh.txt"]! <= 2, "fresh little-known set: more than 2 of 65 flagged");
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
  // Three disjoint samples of 10,000 (every 5th domain beyond rank 50,000): A tuned on, B read, C measured once.
  for (const [name, k] of [["A", 0], ["B", 2], ["C", 4]] as const) {
    const held = rows.filter(([r], i) => r > 50_000 && i % 5 === k).map(([, d]) => d);
    const hits = held.filter((d) => flagged(d, index));
    rates.push(hits.length / held.length);
    console.log(`held out ${name}: ${hits.length}/${held.length} flagged (${pct(hits.length, held.length)}); e.g. ${hits.slice(0, 12).join(" ")}`);
  }
  const amnesty = recallByTechnique(labelled("impersonation-amnesty.txt"), index);
  console.log(`  recall with that smaller universe: Amnesty ${amnesty.hit}/${amnesty.total} (${pct(amnesty.hit, amnesty.total)})`);
  // Measured 2026-12-06 03:50 UTC: A 1.11%, B 1.44%, C 1.40%.
  for (const [i, max] of [0.013, 0.016, 0.016].entries()) assert.ok(rates[i]! <= max, `held-out sample ${"ABC"[i]} above ${max * 100}%`);
});

test("no false positive on the 500 most-linked legitimate domains (npm top-sites)", () => {
  const domains = (JSON.parse(readFileSync(DATA + "top-sites.json", "utf8")) as { rootDomain: string }[]).map((s) => s.rootDomain);
  const hits = domains.filter((d) => flagged(d));
  const notes = domains.filter((d) => scoreUrl(d)?.level === "LOW");
  console.log(`top-sites: ${hits.length}/${domains.length} suspicious${hits.length ? ": " + hits.join(" ") : ""}; ${notes.length} with a LOW note (shorteners: ${notes.join(" ")})`);
  assert.deepEqual(hits, []);
});
