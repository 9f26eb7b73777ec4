/**
 * The lookalike scorer: does a link impersonate a brand? Brands are the high-risk organisations of data/brands.json
 * (with their side domains) and every popular domain (lookalike-universe.ts). Offline and browser-safe. Reasons, each
 * in words, with a level from the signal's strength: the brand's name reworked (extra words, another ending, typing
 * slips, look-alike characters: MEDIUM), deliberate tricks (a brand's domain in front of another or before "@",
 * look-alike letters in an IDN: HIGH), and notes that the destination is hidden (URL shortener, raw IP: LOW).
 * A popular domain is never an impersonation. Suspicious means MEDIUM or above.
 */
import { distance } from "fastest-levenshtein";
import { parse as parseDomain } from "tldts";
import { shippedBrands } from "./lookalike-brands.ts";
import { skeleton } from "./lookalike-skeleton.ts";
import { normalizeUrl, toUnicodeHost, type NormalizedUrl } from "./url-normalize.ts";
import { LOCAL_IP, shortenerFor, shortenerHost, userinfoReason, type HostVerdict } from "./lookalike-hidden.ts";
export { skeleton };
import { defaultUniverse, isPopular, type Universe } from "./lookalike-universe.ts";
import { popularReason } from "./lookalike-popular.ts";
import { abused, nationalEnding, RESTRICTED, SOLD_AS_GENERIC } from "./lookalike-endings.ts";
import { countryDomainInFront, domainInFront, dotAsHyphen, dotDropped, endingAcrossDot, freeHostTenant, nameInFront, onFreeHost, pseudoCountry, slippedDomainInFront, tenantAsName } from "./lookalike-host.ts";
import { isFiller, SERVICE_WORDS, fillerAround, fillersInPart, occursIn, MAX_TYPO_LENGTH, maxSlips, split, typoSlip, withLures, type Split } from "./lookalike-words.ts";
import { typoCandidates, typoTable, type TypoTable } from "./lookalike-typo-table.ts";
import { governmentReason } from "./lookalike-gov.ts";
import { tollReason } from "./lookalike-toll.ts";
import { moddedClient } from "./lookalike-mods.ts";
import { ownTrade } from "./lookalike-trade.ts";
import { BRAND_DOMAINS, BRAND_SHORT_LINKS } from "./_phishing-lists.ts";
import { brandReason, hostReasons } from "./lookalike-subdomain.ts";

/** One entry of data/brands.json (documented in data/brands.README.md). */
export interface Brand {
  /** The name as it reads in a sentence: "the BBC", "WhatsApp". */
  readonly brand: string;
  readonly category: string;
  /** The brand's own domains (any subdomain of them is the brand's too); the first is shown in messages. */
  readonly domains: readonly string[];
  /** Distinctive names matched inside an address (5+ letters anywhere; shorter ones at a start, end or hyphen). */
  readonly tokens: readonly string[];
  /** Ordinary words or very short names, matched only as a whole name, a hyphen part, or with a lure word. */
  readonly words?: readonly string[];
  /** The brand's name under any country-code ending (google.de, amazon.com.br) is its own. */
  readonly country_tlds?: boolean;
  readonly region?: string;
  readonly note?: string;
  /** From data/brands-national.txt: its domains are its own; its names join the popular universe and its rules. */
  readonly national?: boolean;
}

/**
 * name: the brand's name with words, hyphens or digits; tld: the same name under another ending; subdomain: a
 * brand's domain in front of another; userinfo: a brand's domain before "@"; typo; homoglyph; shortener and ip:
 * the real destination is hidden (a note, not a sign of impersonation).
 */
export type ReasonKind = "name" | "tld" | "subdomain" | "userinfo" | "typo" | "homoglyph" | "shortener" | "ip";
/** Issue 6's reason classes: (a) brand name, (b) edit distance, (c) confusables skeleton, (d) shortener or IP. */
export const REASON_CLASS: Readonly<Record<ReasonKind, "a" | "b" | "c" | "d">> = {
  name: "a", tld: "a", subdomain: "a", userinfo: "a", typo: "b", homoglyph: "c", shortener: "d", ip: "d",
};
export type LinkLevel = "HIGH" | "MEDIUM" | "LOW";
const RANK: Record<LinkLevel, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };
/** The strongest level of some reasons; a link is suspicious at MEDIUM or above. */
export const levelOf = (reasons: readonly Reason[]): LinkLevel | undefined =>
  reasons.reduce<LinkLevel | undefined>((m, r) => (!m || RANK[r.level] > RANK[m] ? r.level : m), undefined);
export const isSuspicious = (level: LinkLevel | undefined): boolean => level === "MEDIUM" || level === "HIGH";

export interface Reason {
  readonly kind: ReasonKind;
  /** HIGH: a deliberate trick (a brand's domain in front of another, look-alike letters in an IDN); MEDIUM: a
   *  brand's name reworked; LOW: a note (shortener, raw IP). */
  readonly level: LinkLevel;
  /** The imitated brand and its domain shown to the reader (brand reasons only). */
  readonly brand?: string;
  readonly brand_domain?: string;
  /** Plain words: "looks like the BBC (bbc.com) but is not: its name contains "bbc"". */
  readonly text: string;
}

export interface Score {
  /** MEDIUM or above: the link is suspicious. */
  readonly suspicious: boolean;
  /** From the strongest reason: HIGH or MEDIUM for impersonation; LOW when only a shortener or a raw IP. */
  readonly level: LinkLevel | undefined;
  /** What was judged: the registrable domain, or the host when only its subdomain part gave it away. */
  readonly domain: string;
  readonly reasons: readonly Reason[];
}

export interface Ref {
  readonly brand: Brand;
  readonly domain: string;
}
interface Target {
  readonly label: string;
  readonly ref: Ref;
}
export interface NameMatcher {
  readonly name: string;
  /** The same name in skeleton form, for look-alike characters. */
  readonly skeleton: string;
  readonly mode: "anywhere" | "edge" | "word" | "short-word";
  readonly ref: Ref;
}

/** Compiled once per brand list: lookup structures plus a bounded result cache. */
export interface BrandIndex {
  readonly brands: readonly Brand[];
  readonly owned: ReadonlySet<string>;
  readonly ccLabels: ReadonlyMap<string, Ref>;
  readonly names: readonly NameMatcher[];
  /** Positions in `names` by the first three letters of the name and of its skeleton; shorter names always. */
  readonly byGram: ReadonlyMap<string, readonly number[]>;
  readonly shortNames: readonly number[];
  readonly labels: ReadonlyMap<string, Ref>;
  readonly skeletons: ReadonlyMap<string, { label: string; ref: Ref }>;
  /** Typo targets by their deletion variants (SymSpell, lookalike-typo-table.ts): no scan of all names. */
  readonly typos: TypoTable<Target>;
  /** The popular-domain universe (null: the curated brands only). */
  readonly universe: Universe | null;
  readonly cache: Map<string, HostVerdict>;
}

/** Distinct hosts whose verdict is kept; past it the cache starts over (a scan sees ~10^4 distinct hosts). */
const CACHE_MAX = 50_000;
function labelOf(n: NormalizedUrl): string | undefined {
  if (n.ip || n.suffix === "" || n.registrable.length <= n.suffix.length + 1) return undefined;
  return n.registrable.slice(0, n.registrable.length - n.suffix.length - 1);
}

/** Compiles a brand list (default: data/brands.json and the national brands) over a popular-domain universe (default: the shipped one). */
export function compileBrands(brands: readonly Brand[] = shippedBrands(), universe: Universe | null = defaultUniverse()): BrandIndex {
  const owned = new Set<string>();
  const ccLabels = new Map<string, Ref>();
  const names: NameMatcher[] = [];
  const labels = new Map<string, Ref>();
  const skeletons = new Map<string, { label: string; ref: Ref }>();
  const typoTargets: [Target, string, number][] = [];
  // Ordinary words are never typo targets, whichever entry lists them ("apple" of apps.apple.com included).
  const allWords = new Set(brands.flatMap((b) => (b.words ?? []).map((w) => w.toLowerCase().replace(/-/g, ""))));
  const typoSeen = new Set<string>();
  const addTypo = (label: string, ref: Ref) => {
    if (allWords.has(label) || typoSeen.has(label)) return;
    typoSeen.add(label);
    typoTargets.push([{ label, ref }, label, maxSlips(label)]);
  };
  for (const brand of brands) {
    if (!brand.domains?.length) continue;
    // National brands' domains are checked lowercase hosts already (scripts/gen-brands.ts): no URL parsing at start-up.
    if (brand.national) { for (const d of brand.domains) owned.add(d); continue; }
    const shown = brand.domains[0]!;
    const words = new Set((brand.words ?? []).map((w) => w.toLowerCase().replace(/-/g, "")));
    for (const d of brand.domains) {
      const n = normalizeUrl(d);
      if (!n) continue;
      owned.add(n.host);
      const label = labelOf(n);
      if (!label) continue;
      const ref = { brand, domain: d };
      if (brand.country_tlds) ccLabels.set(label, ref);
      // One- and two-letter names (t.me, x.com, wa.me) under another ending are too common to mean anything.
      if (label.length >= 3 && !labels.has(label)) labels.set(label, ref);
      if (label.length >= 3 && !skeletons.has(skeleton(label))) skeletons.set(skeleton(label), { label, ref });
      // Side domains that carry none of the brand's names (mzstatic, fbcdn, twimg) are no typo targets: nobody
      // types them, and a slip from them is mostly another site (qhstatic, ljcdn, tcimg on the held-out ranks).
      const bare = label.replace(/-/g, "");
      if (bare.length >= 5 && (brand.tokens ?? []).some((t) => bare.includes(t.toLowerCase().replace(/-/g, "")))) addTypo(bare, ref);
    }
    const refFor = (name: string): Ref => ({ brand, domain: brand.domains.find((d) => d.replace(/-/g, "").includes(name)) ?? shown });
    for (const t of brand.tokens ?? []) {
      const name = t.toLowerCase().replace(/-/g, "");
      if (name.length < 3) continue;
      names.push({ name, skeleton: skeleton(name), mode: name.length >= 5 ? "anywhere" : "edge", ref: refFor(name) });
      if (name.length >= 5) addTypo(name, refFor(name));
    }
    for (const name of words) {
      names.push({ name, skeleton: skeleton(name), mode: name.length <= 2 ? "short-word" : "word", ref: refFor(name) });
    }
  }
  names.sort((a, b) => b.name.length - a.name.length); // the most specific name wins (googleplay before google)
  const byGram = new Map<string, number[]>();
  const shortNames: number[] = [];
  names.forEach((m, i) => {
    if (m.name.length < 3 || m.skeleton.length < 3) return void shortNames.push(i);
    for (const g of new Set([m.name.slice(0, 3), m.skeleton.slice(0, 3)])) {
      const list = byGram.get(g);
      if (list) list.push(i);
      else byGram.set(g, [i]);
    }
  });
  return { brands, owned, ccLabels, names, byGram, shortNames, labels, skeletons, typos: typoTable(typoTargets), universe, cache: new Map() };
}

let defaultIndex: BrandIndex | undefined;
/** The shipped brand list, compiled on first use. */
export function defaultBrands(): BrandIndex {
  return (defaultIndex ??= compileBrands());
}

/** Whether `name` occurs in a registrable label under its matching mode. */
function nameIn(s: Split, name: string, mode: NameMatcher["mode"], support = false): boolean {
  const { label, bare, parts } = s;
  switch (mode) {
    case "anywhere": // among other words, only as a hyphen part or with a sign from the ending or digits (fillerAround)
      return occursIn(s, name) && (support || (parts.includes(name) && !parts.some((p) => SERVICE_WORDS.has(p))) || fillerAround(bare, name) || fillersInPart(s, name));
    case "edge":
      return (parts.includes(name) || ((bare.startsWith(name) || bare.endsWith(name)) && (support || fillerAround(bare, name)))) && occursIn(s, name);
    case "word": // an ordinary word as a hyphen part: beside lure words, places, digits or a sign (not poste-restante)
      return (parts.includes(name) && (support || parts.every((p) => p === name || isFiller(p)))) || parts.some((p) => withLures(p, name)) || withLures(bare, name);
    case "short-word": // "un", "fb", "dw": alone with a sign from the ending, or glued to a lure word (fb-accounts)
      return (label === name && support) || withLures(bare, name);
  }
}

function isOwned(index: BrandIndex, n: NormalizedUrl, label: string | undefined): boolean {
  // Not above the registrable domain: whatever.blogspot.com or a bucket under s3.amazonaws.com is its tenant's.
  for (let h = n.host; h.length >= n.registrable.length; h = h.slice(h.indexOf(".") + 1)) {
    if (index.owned.has(h)) return true;
    if (!h.includes(".")) break;
  }
  if (!label || !index.ccLabels.has(label)) return false;
  // google.de, amazon.com.br: a country-code ending from ICANN's part of the list (google.gr.com is not one).
  const icann = parseDomain(n.registrable, { allowPrivateDomains: false, extractHostname: false }).publicSuffix;
  // Not the endings sold as generic ones (ups.so is no national site of UPS).
  return icann === n.suffix && /(?:^|\.)[a-z]{2}$/.test(n.suffix) && !SOLD_AS_GENERIC.has(n.suffix);
}


/**
 * The names that can occur in a label, longest first: those whose first three letters occur in it (a name inside a
 * label has its first three letters there), plus the one- and two-letter ones. 500 names become a handful.
 */
function candidateNames(index: BrandIndex, ...texts: (string | undefined)[]): NameMatcher[] {
  const at = new Set(index.shortNames);
  for (const t of texts) {
    if (!t) continue;
    for (let i = 0; i + 3 <= t.length; i++) for (const k of index.byGram.get(t.slice(i, i + 3)) ?? []) at.add(k);
  }
  return [...at].sort((a, b) => a - b).map((i) => index.names[i]!);
}

/** A national brand (region SN) runs no site under another country's ending: senego.fr imitates senego.com. */
const nationalFor = (national: boolean, brand: Brand, suffix: string) =>
  national && (!brand.region || brand.region.length !== 2 || suffix.endsWith(brand.region.toLowerCase()));

/** Brand reasons of the registrable domain: at most one per brand, in order (c), (a), (b). */
function registrableReasons(index: BrandIndex, n: NormalizedUrl, label: string): Reason[] {
  const out: Reason[] = [];
  const seen = new Set<Brand>();
  const add = (r: Reason, ref: Ref) => {
    if (!seen.has(ref.brand)) (seen.add(ref.brand), out.push(r));
  };
  const uLabel = toUnicodeHost(label).normalize("NFC");
  const sk = skeleton(uLabel);
  const lookAlike = n.hostUnicode !== n.hostAscii ? `it uses look-alike letters (${n.hostUnicode} is really ${n.hostAscii})` : `it uses look-alike characters ("${label}" reads as "%s")`;
  const skHit = index.skeletons.get(sk);
  if (skHit && skHit.label !== uLabel) add(brandReason("homoglyph", skHit.ref, lookAlike.replace("%s", skHit.label)), skHit.ref);
  const same = index.labels.get(uLabel);
  const national = nationalEnding(n.suffix);
  // A name of 3–4 letters under another country's ending is mostly another site there (uol.de, iam.de).
  if (same && !nationalFor(national, same.brand, n.suffix) && !(national && uLabel.length < 5)) add(brandReason("name", same, `same name under another ending (.${n.suffix})`), same);
  const found: string[] = [];
  const plain = split(uLabel);
  const skel = sk !== uLabel ? split(sk) : undefined;
  const support = abused(n.suffix) || /\d/.test(label) || !!freeHostTenant(n);
  for (const m of candidateNames(index, plain.bare, skel?.bare)) {
    // Longest names first: "googleplay" is reported as Google Play, not again as Google.
    if (seen.has(m.ref.brand) || (found.length && found.some((f) => f.includes(m.name)))) continue;
    if (m.name === plain.bare && (nationalFor(national, m.ref.brand, n.suffix) || (national && m.name.length < 5))) continue; // as for `same` above
    if (index.labels.get(plain.bare)?.brand === m.ref.brand && m.name !== plain.bare) continue; // youtube.de: `same` judges it
    if (nameIn(plain, m.name, m.mode, support)) {
      found.push(m.name);
      add(brandReason("name", m.ref, `its name contains "${m.name}"`), m.ref);
    }
    else if (skel && nameIn(skel, m.skeleton, m.mode, support)) add(brandReason("homoglyph", m.ref, lookAlike.replace("%s", m.name)), m.ref);
  }
  const explained = new Set(out.map((r) => r.brand_domain));
  for (const c of new Set([plain.bare, ...plain.parts.filter((p) => p.length >= 4)].filter((c) => c.length <= MAX_TYPO_LENGTH))) {
    // Each target once, where its first variant shared with `c` is met: a second look would answer the same.
    for (const t of typoCandidates(index.typos, c, c === plain.bare ? maxSlips(c) : 1)) {
      if (seen.has(t.ref.brand) || explained.has(t.ref.domain) || c === t.label) continue;
      const slip = typoSlip(c, t.label);
      if (slip) add(brandReason("typo", t.ref, `${slip} ("${c}" instead of "${t.label}")`), t.ref);
    }
  }
  // An IDN one slip from a brand once its look-alike letters are read (аррӏе.com: Cyrillic ӏ is "i" in UTS #39).
  if (skel && /[^\x00-\x7f]/.test(uLabel)) {
    for (const t of typoCandidates(index.typos, skel.bare, 1)) {
      if (!seen.has(t.ref.brand) && distance(skel.bare, t.label) <= 1) add(brandReason("homoglyph", t.ref, lookAlike.replace("%s", t.label)), t.ref);
    }
    for (const [sk2, hit] of index.skeletons) {
      if (hit.label.length >= 5 && !seen.has(hit.ref.brand) && Math.abs(sk2.length - sk.length) <= 1 && distance(sk2, sk) <= 1) {
        add(brandReason("homoglyph", hit.ref, lookAlike.replace("%s", hit.label)), hit.ref);
      }
    }
  }
  return out;
}

/** Whether the reasons came from the registrable name (not from the subdomain part). */
const registrableFound = (reasons: readonly Reason[], n: NormalizedUrl) => reasons.some((r) => r.kind !== "subdomain" && !r.text.includes(`address ${n.registrable}`) && !r.text.includes("split by dots"));
const clean = (domain: string): Score => ({ suspicious: false, level: undefined, domain, reasons: [] });

const hostScore = (index: BrandIndex, n: NormalizedUrl): Score => rulesScore(index, n).score;

/**
 * The hand rules' verdict for a host, with the registrable label and every reason when the rules judged it (not an
 * IP, not the brand's own, not popular). Exported for the learned combination's training and measurement
 * (scripts/lookalike-training.ts), which reads the signals of exactly those hosts; tried, not wired (README).
 */
export function rulesScore(index: BrandIndex, n: NormalizedUrl): { score: Score; label?: string; reasons: readonly Reason[] } {
  if (n.ip) {
    if (LOCAL_IP.test(n.host)) return { score: clean(n.host), reasons: [] };
    const text = `points to a raw IP address (${n.host}) instead of a named site: the real destination is hidden`;
    return { score: { suspicious: false, level: "LOW", domain: n.host, reasons: [{ kind: "ip", level: "LOW", text }] }, reasons: [] };
  }
  const label = labelOf(n);
  // A brand's own short link (tmblr.co, yhoo.it: data/brand-short-links.txt) is the brand's, like its own domains; so
  // is a side domain the brand publishes as its own (apple-cloudkit.com: data/brand-domains.txt, no free hosts).
  if (!label || isOwned(index, n, label) || RESTRICTED.test(n.suffix) || BRAND_SHORT_LINKS.has(n.registrable) || BRAND_DOMAINS.has(n.registrable)) return { score: clean(n.registrable), reasons: [] };
  const u = index.universe;
  const tenant = freeHostTenant(n);
  // A popular domain is never an impersonation (googlemail.com, apple-dns.net), unless it is a free host's tenant.
  if (u && !tenant && (isPopular(u, n.registrable) || isPopular(u, n.host))) return { score: clean(n.registrable), reasons: [] };
  // Look-alike letters in an internationalised name are a deliberate trick: HIGH (in ASCII, paypa1, MEDIUM).
  const idn = n.hostUnicode !== n.hostAscii;
  // Round 11: on a free host that is no public suffix (firebaseio.com), the tenant is judged as under one (tenantAsName).
  const found = registrableReasons(index, n, label);
  const t = found.length ? undefined : tenantAsName(n, tenant);
  const reasons = (t ? registrableReasons(index, t, tenant!.label).map(onFreeHost(tenant!.host)) : found).map((r) => (idn && r.kind === "homoglyph" ? { ...r, level: "HIGH" as const } : r));
  let domain = n.registrable;
  const inFront = (u && domainInFront(u, index.owned, n)) || endingAcrossDot(n);
  if (inFront) {
    const text = `looks like ${inFront} but is not: "${inFront}" is put in front of the unrelated address ${n.registrable}`;
    reasons.unshift({ kind: "subdomain", level: "HIGH", brand: inFront, brand_domain: inFront, text });
  }
  // On free hosting the tenant's name is the one written (maii-daum-net.atwebpages.com, korrespondentnet.webflow.io).
  const own = tenant ? tenant.label : label;
  const dotted = !reasons.length && u && own.includes("-") ? dotAsHyphen(u, index.owned, n, own) : undefined;
  if (dotted) reasons.push(dotted);
  const glued = !reasons.length && u && !index.labels.has(own) ? dotDropped(u, index.owned, n, own, !!tenant) : undefined;
  if (glued) reasons.push(glued);
  if (!reasons.length && u) {
    const uLabel = toUnicodeHost(tenant ? tenant.label : label).normalize("NFC");
    const icann = parseDomain(n.registrable, { allowPrivateDomains: false, extractHostname: false }).publicSuffix;
    const r = popularReason(u, { label: uLabel, suffix: n.suffix, freeHost: tenant?.host, privateSuffix: !tenant && !!icann && icann !== n.suffix });
    if (r) reasons.push(r);
  }
  if (!reasons.length) reasons.push(...hostReasons(index, n, label));
  if (!reasons.length && !tenant) { const r = pseudoCountry(n, label); if (r) reasons.push(r); }
  if (!reasons.length && u) reasons.push(...nameInFront(u, n, !!tenant));
  if (!reasons.length && u) { const r = slippedDomainInFront(u, n); if (r) reasons.push(r); }
  // A government's ending in front of another address (email.gov.in.<…>) is a trick like a brand's domain in front:
  // said first and judged by its host, whatever the registrable name gave (parichay.online).
  const gov = reasons.some((r) => r.level === "HIGH") ? undefined : governmentReason(n, tenant);
  if (gov && (!reasons.length || gov.level === "HIGH")) reasons.unshift(gov);
  if (!reasons.length) { const r = tollReason(n, tenant); if (r) reasons.push(r); }
  if (!reasons.length) { const r = countryDomainInFront(n, !!tenant); if (r) reasons.push(r); }
  if (!reasons.length && u) { const r = moddedClient(u, index.brands, own); if (r) reasons.push(r); }
  if (!reasons.length && u && !n.ip) { const r = ownTrade(u, index.brands, { label: toUnicodeHost(own), suffix: n.suffix, freeHost: tenant?.host }); if (r) reasons.push(r); }
  // Judged by its subdomain part: the host is what the reader must recognise.
  // So is a tenant on a dynamic-DNS or hosting domain that is no public suffix (yahoo.xxuz.com, not xxuz.com).
  if (inFront || gov?.level === "HIGH" || (reasons.length && (!registrableFound(reasons, n) || tenant?.host === n.registrable))) domain = n.host.replace(/^(?:www\d?\.)+/, "");
  const level = levelOf(reasons);
  return { score: { suspicious: isSuspicious(level), level, domain, reasons: reasons.slice(0, 3) }, label, reasons };
}

/**
 * Scores one normalised link. The brand's own domains and their subdomains are never flagged. Host verdicts are
 * cached in the index (bounded), so a million links cost one scoring per distinct host.
 */
export function scoreDomain(n: NormalizedUrl, index: BrandIndex = defaultBrands()): Score {
  let v = index.cache.get(n.host);
  if (!v) {
    let s: Score;
    try {
      s = hostScore(index, n);
    } catch {
      s = { suspicious: false, level: undefined, domain: n.registrable, reasons: [] }; // odd input never stops a scan
    }
    if (index.cache.size >= CACHE_MAX) index.cache.clear();
    index.cache.set(n.host, (v = { score: s, shortener: n.ip ? undefined : shortenerHost(n.host) }));
  }
  const s = v.score;
  const trick = n.userinfo ? userinfoReason(index, n) : undefined;
  const shortener = v.shortener === undefined ? undefined : shortenerFor(n, v.shortener);
  if (!trick && !shortener) return s;
  // Without a trick, the noted score depends on the shortener's name alone: made once, not per link.
  const kept = v.noted;
  if (!trick && kept && kept.shortener === shortener) return kept.score;
  const note: Reason | undefined = shortener ? { kind: "shortener", level: "LOW", text: `uses the URL shortener ${shortener}: the real destination is hidden` } : undefined;
  const reasons = [...(trick ? [trick] : []), ...s.reasons, ...(note ? [note] : [])];
  const level = levelOf(reasons);
  const noted: Score = { suspicious: isSuspicious(level), level, domain: s.reasons.length || trick ? s.domain : shortener!, reasons };
  if (!trick) v.noted = { shortener: shortener!, score: noted };
  return noted;
}

/** Normalises and scores a raw URL or domain; undefined when it has no host. */
export function scoreUrl(raw: string, index: BrandIndex = defaultBrands()): (Score & { normalized: NormalizedUrl }) | undefined {
  const n = normalizeUrl(raw);
  return n && { ...scoreDomain(n, index), normalized: n };
}
