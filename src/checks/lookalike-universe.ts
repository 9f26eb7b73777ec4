/**
 * The brand universe of the lookalike check: every popular domain's name (generated from a popularity ranking by
 * scripts/gen-popular.ts into _popular.ts), with a rank tier, plus hashes of every popular domain. Indexes for
 * typing slips and look-alike letters are built on first use, so a scan that meets only popular domains never
 * pays for them.
 */
import { POPULAR_HASHES, POPULAR_NAMES } from "./_popular.ts";
import { domainHash, hasHash } from "./lookalike-hash.ts";
import { LURES, MAX_TYPO_LENGTH, maxSlips, PLACES } from "./lookalike-words.ts";
import { skeleton } from "./lookalike-skeleton.ts";
import { NameMap } from "./lookalike-name-map.ts";
import { typoCandidates, typoTable, type TypoTable } from "./lookalike-typo-table.ts";
import { nationalBrands } from "./lookalike-brands.ts";
import type { Brand } from "./lookalike.ts";

/** A popular name: `paypal` of paypal.com. */
export interface PopularName {
  readonly name: string;
  /** The ending of its best-ranked domain (`com`, `co.uk`): shown in messages as name.suffix. */
  readonly suffix: string;
  /** 1: top 1,000; 2: top 10,000; 3: beyond. */
  readonly tier: 1 | 2 | 3;
  /** Found inside several other popular names after their start (office, news, apple): an ordinary word. */
  readonly common: boolean;
  /** The domain shown in messages when it is not name.suffix (a national brand's token: montepaschi → mps.it). */
  readonly shown?: string;
  /** A national brand's name (data/brands-national.txt), not only a popular one. */
  readonly national?: true;
  /** A national brand's trade (its category in data/brands-national.txt: telecom, bank, delivery…). */
  readonly category?: string;
  /** Every national brand sharing the name (mindef: Cameroon's, Singapore's, Peru's…), in file order: see shown(). */
  readonly choices?: readonly { readonly domain: string; readonly region: string }[];
}

export interface Universe {
  readonly names: ReadonlyMap<string, PopularName>;
  readonly hashes: Uint32Array;
  /** Built on first use: deletion variants → typo targets; look-alike skeleton → name. */
  typo?: TypoTable<PopularName>;
  skeletons?: Map<string, PopularName>;
  /** Built on first use: how many popular names a country's ending (its last label) holds. */
  countries?: Map<string, number>;
}

/**
 * Service names nobody types or reads (content networks, API and tracking hosts, numbered shards): ranked high by DNS
 * traffic, not by visits. A slip from one is another service (qhstatic/mzstatic, ttdnsa/ttdns2, cloudjscdn/cloudscdn).
 */
const TECHNICAL = /\d|cdn|static|img|dns|api|assets|usercontent|analytic|metric|telemetry|track|adserv|adsrv|syndicat|msedge|cloudfront/;
/** A brand's name with a number in front or behind (20minutes, france24): a word people type, not a numbered shard. */
const NUMBERED_WORD = /^(?:\d{1,3}[a-z]{7,}|[a-z]{7,}\d{1,3})$/;
/**
 * The shortest typo target per rank tier: 6 letters in the top 1,000, 8 in the top 10,000. Names beyond the top
 * 10,000 are no targets: measured twice, they cost more false positives on the held-out ranks than they caught
 * impersonations (one of 178; later four of 75 for 35 false positives in 10,000), and indexing them doubled
 * check-link's start-up time (+0.35 s of CPU).
 */
/** A service name nobody types or reads (TECHNICAL): no impersonation target inside another name. */
export const isTechnical = (name: string) => TECHNICAL.test(NUMBERED_WORD.test(name) ? name.replace(/\d/g, "") : name);

export const minTypoLength = (tier: 1 | 2 | 3) => (tier === 1 ? 6 : tier === 2 ? 8 : Infinity);

function decodeHashes(b64: string): Uint32Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Uint32Array(bytes.buffer, 0, bytes.length >>> 2);
}

/**
 * Parts of every address, never a brand's name (com.be, net.hr, dns.google, www.gov.uk), and the names reserved for
 * documentation and tests (RFC 2606, RFC 6761: example.com, *.test): example1.com is nobody's numbered copy.
 */
const NOT_NAMES = new Set(["com", "net", "org", "www", "dns", "http", "https", "example", "test", "localhost", "invalid"]);

/**
 * National brands (data/brands-national.txt) join the universe as if ranked in the top 10,000: a country's main
 * bank, telecom, post or news outlet is as likely a target as a popular site, whatever its global rank, and its
 * name is then judged by the same rules (supporting signals for short and ordinary names, slips from 8 letters on).
 * An ordinary word (`~free`, `~poste`) is marked as one; a name already popular keeps its better rank.
 */
function addBrandNames(names: Map<string, PopularName>, brands: readonly Brand[]): void {
  const regions = new Map<string, string>(); // each name's national brand's country, for the choices below
  const popular = new Map<string, string>(); // a popular name's best-ranked domain, before a national brand took it
  for (const b of brands) {
    const words = b.words ?? [];
    const bare = b.domains.map((d) => (d.includes("-") ? d.replace(/-/g, "") : d));
    const add = (name: string, word: boolean) => {
      // A place is no brand's name (ghana of ghana.gov.gh, argentina of argentina.gob.ar): ghana-news is not theirs.
      if (name.length < 3 || LURES.has(name) || NOT_NAMES.has(name) || PLACES.has(name)) return;
      const had = names.get(name);
      if (had && had.tier === 1) return;
      let i = bare.findIndex((d) => d.startsWith(name + "."));
      if (i < 0) i = Math.max(0, bare.findIndex((d) => d.includes(name)));
      const domain = b.domains[i]!;
      const suffix = domain.slice(domain.indexOf(".") + 1);
      const region = b.region ?? "";
      // Several brands of one name (mindef): the last one's ending stays for the rules, all are kept for the message.
      const choices = had?.national ? [...(had.choices ?? [{ domain: had.shown ?? `${had.name}.${had.suffix}`, region: regions.get(name) ?? "" }]), { domain, region }] : undefined;
      regions.set(name, region);
      if (had && !had.national && !popular.has(name)) popular.set(name, `${had.name}.${had.suffix}`);
      const p: PopularName = { name, suffix, tier: 2, common: (had?.common ?? false) || (word && name.length >= 5), national: true, category: b.category, ...(choices && { choices }) };
      names.set(name, bare[i] === `${name}.${suffix}` ? p : { ...p, shown: domain });
    };
    for (const t of b.tokens) add(t, false);
    for (const w of words) add(w, true);
  }
  // With no country to go by, the message names the most popular of them (rbc.ru), else the first listed.
  for (const [name, domain] of popular) {
    const p = names.get(name);
    if (!p?.choices) continue;
    const first = p.choices.find((c) => c.domain === domain) ?? { domain, region: "" };
    names.set(name, { ...p, choices: [first, ...p.choices.filter((c) => c !== first)] });
  }
}

/** Reads a names text ("name ending tier[c]" lines) and a sorted hash array into a universe, plus the national brands. */
export function loadUniverse(namesText: string = POPULAR_NAMES, hashes: Uint32Array | string = POPULAR_HASHES, brands: readonly Brand[] = nationalBrands()): Universe {
  const names = new NameMap(); // a Map with a filter in front of its misses
  let at = 0;
  while (at < namesText.length) {
    let end = namesText.indexOf("\n", at);
    if (end < 0) end = namesText.length;
    const line = namesText.slice(at, end);
    at = end + 1;
    const s1 = line.indexOf(" ");
    const s2 = line.indexOf(" ", s1 + 1);
    const name = line.slice(0, s1);
    // Lure words are never brands (mail.ru, live.com): "mail-qq" is about QQ, not mail.ru.
    if (s1 < 0 || s2 < 0 || LURES.has(name) || NOT_NAMES.has(name)) continue;
    const tier = Number(line[s2 + 1]) as 1 | 2 | 3;
    const p: PopularName = { name, suffix: line.slice(s1 + 1, s2), tier, common: line[s2 + 2] === "c" };
    names.set(name, p);
    // mercedes-benz is also read as mercedesbenz (hyphens are dropped or moved in lures: mercedesbenz-vip).
    if (name.includes("-")) {
      const bare = name.replace(/-/g, "");
      if (!names.has(bare)) names.set(bare, p);
    }
  }
  addBrandNames(names, brands);
  return { names, hashes: typeof hashes === "string" ? decodeHashes(hashes) : hashes };
}

let shipped: Universe | undefined;
/** The shipped universe, loaded on first use (~100,000 popular domains). */
export function defaultUniverse(): Universe {
  return (shipped ??= loadUniverse());
}

/** Whether a registrable domain (or host) is itself in the popular list: then it is never an impersonation. */
export const isPopular = (u: Universe, domain: string): boolean => hasHash(u.hashes, domainHash(domain));
/** Files a name under a key of an index the checks build once per universe (each name once per key). */
export function addName(m: Map<string, PopularName[]>, key: string, p: PopularName): void {
  const list = m.get(key);
  if (!list) m.set(key, [p]);
  else if (!list.includes(p)) list.push(p);
}

function typoIndex(u: Universe): TypoTable<PopularName> {
  return (u.typo ??= typoTable(typoTargetNames(u)));
}

function* typoTargetNames(u: Universe): Generator<[PopularName, string, number]> {
  for (const p of u.names.values()) {
    if (p.tier > 2 || (p.common && p.tier > 1) || isTechnical(p.name)) continue;
    const bare = p.name.replace(/-/g, "");
    // Only the lengths lookalike-popular.ts accepts as targets: 6+ letters in the top 1,000, 8+ in the top 10,000.
    if (bare.length < minTypoLength(p.tier)) continue;
    // Two slips are indexed for the top 1,000 only: ~30,000 variants instead of ~300,000.
    yield [p, bare, p.tier === 1 ? maxSlips(bare) : 1];
  }
}

/**
 * Popular names of the top 10,000 within typing slips of `c` (candidates; the caller checks the kind of slip). Names
 * beyond it are no typo targets: measured, checking them cost a third of check-link's time and more false positives
 * on the held-out ranks than the impersonations it caught (one of 178).
 */
export function typoTargets(u: Universe, c: string): PopularName[] {
  if (c.length > MAX_TYPO_LENGTH) return [];
  // One deletion on this side (the index holds two for the top 1,000): 15 lookups, not ~100, per new host.
  return typoCandidates(typoIndex(u), c, 1);
}

/**
 * How many popular names (national brands apart) have their best-ranked domain under a country's ending (`de` counts
 * de, com.de…): a measure of how many sites a country's market holds (.de ~1,700, .pm 3).
 */
export function countryUse(u: Universe, cc: string): number {
  if (!u.countries) {
    u.countries = new Map();
    for (const p of u.names.values()) {
      if (p.national) continue;
      const last = p.suffix.slice(p.suffix.lastIndexOf(".") + 1);
      if (last.length === 2) u.countries.set(last, (u.countries.get(last) ?? 0) + 1);
    }
  }
  return u.countries.get(cc) ?? 0;
}

/** The popular name whose look-alike skeleton is `sk` (only names holding m, 0, 1 or vv differ from theirs). */
export function nameBySkeleton(u: Universe, sk: string): PopularName | undefined {
  if (!u.skeletons) {
    u.skeletons = new Map();
    for (const p of u.names.values()) {
      if (!/[m01]|vv/.test(p.name) || TECHNICAL.test(p.name)) continue;
      const s = skeleton(p.name);
      if (!u.skeletons.has(s)) u.skeletons.set(s, p);
    }
  }
  return u.skeletons.get(sk) ?? u.names.get(sk);
}
