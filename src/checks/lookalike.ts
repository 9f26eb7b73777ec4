/**
 * The lookalike scorer: does a link impersonate a brand that spyware operators imitate (data/brands.json)?
 * Offline and browser-safe. Reasons, as in issue 6: (a) the address uses a brand's name but is not the brand's,
 * (b) it is one or two typing slips from a brand's name, (c) it reads as a brand's name through look-alike
 * characters (UTS #39 skeletons), (d) it hides its destination behind a URL shortener or a raw IP address.
 */
import { distance } from "fastest-levenshtein";
import { parse as parseDomain } from "tldts";
import BRANDS_JSON from "../../data/brands.json" with { type: "json" };
import { CONFUSABLE_PROTOTYPES } from "./_confusables.ts";
import { normalizeUrl, toUnicodeHost, type NormalizedUrl } from "./url-normalize.ts";
import { SHORTENER_DOMAINS, shortenerOf } from "../indicators/shorteners.ts";

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
}

export type ReasonKind = "name" | "typo" | "homoglyph" | "shortener" | "ip";
/** Issue 6's reason classes: (a) brand name, (b) edit distance, (c) confusables skeleton, (d) shortener or IP. */
export const REASON_CLASS: Readonly<Record<ReasonKind, "a" | "b" | "c" | "d">> = { name: "a", typo: "b", homoglyph: "c", shortener: "d", ip: "d" };

export interface Reason {
  readonly kind: ReasonKind;
  /** The imitated brand and its domain shown to the reader (brand reasons only). */
  readonly brand?: string;
  readonly brand_domain?: string;
  /** Plain words: "looks like the BBC (bbc.com) but is not: its name contains "bbc"". */
  readonly text: string;
}

export interface Score {
  readonly suspicious: boolean;
  /** MEDIUM for impersonation; LOW when only a shortener or a raw IP (common in legitimate messages). */
  readonly level: "MEDIUM" | "LOW" | undefined;
  /** What was judged: the registrable domain, or the host when only its subdomain part gave it away. */
  readonly domain: string;
  readonly reasons: readonly Reason[];
}

interface Ref {
  readonly brand: Brand;
  readonly domain: string;
}
interface Target {
  readonly label: string;
  readonly ref: Ref;
}
interface NameMatcher {
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
  readonly labels: ReadonlyMap<string, Ref>;
  readonly skeletons: ReadonlyMap<string, { label: string; ref: Ref }>;
  /** Typo targets by their deletion variants (SymSpell): a lookup per variant instead of a scan of all names. */
  readonly typoVariants: ReadonlyMap<string, readonly Target[]>;
  readonly cache: Map<string, Score>;
}

/** Distinct hosts whose verdict is kept; past it the cache starts over (a scan sees ~10^4 distinct hosts). */
const CACHE_MAX = 50_000;
/**
 * Words phishing addresses glue to a brand ("getsignal-app", "apiapple", "whatsapp-update"). Only words here, not
 * names: "pay", "info", "tv" are left out because real brands are made of them (instapay, zoominfo, androidtv).
 */
const LURES = new Set(
  ("my get api cdn app apps web id login signin secure security verify verification account accounts support help " +
    "service services update updates online official mobile download downloads cloud store alert alerts auth check " +
    "sync track tracking delivery parcel news live now link links portal center team gift bonus promo free sms mail " +
    "inbox chat msg").split(" "),
);
/** Subdomain labels that say nothing about the site. */
const NEUTRAL_SUB = new Set(["www", "www2", "www3", "m", "mobile", "amp"]);
const MARKS = /\p{M}/gu;

/** UTS #39 skeleton of a domain name, lowercased, with accents dropped first (â reads as a to a hurried eye). */
export function skeleton(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFD").replace(MARKS, "")) out += CONFUSABLE_PROTOTYPES.get(ch) ?? ch;
  return out.toLowerCase();
}

function labelOf(n: NormalizedUrl): string | undefined {
  if (n.ip || n.suffix === "" || n.registrable.length <= n.suffix.length + 1) return undefined;
  return n.registrable.slice(0, n.registrable.length - n.suffix.length - 1);
}

/** Compiles a brand list (default: data/brands.json). Entries with no domain are skipped. */
export function compileBrands(brands: readonly Brand[] = BRANDS_JSON.brands as readonly Brand[]): BrandIndex {
  const owned = new Set<string>();
  const ccLabels = new Map<string, Ref>();
  const names: NameMatcher[] = [];
  const labels = new Map<string, Ref>();
  const skeletons = new Map<string, { label: string; ref: Ref }>();
  const typoVariants = new Map<string, Target[]>();
  // Ordinary words are never typo targets, whichever entry lists them ("apple" of apps.apple.com included).
  const allWords = new Set(brands.flatMap((b) => (b.words ?? []).map((w) => w.toLowerCase().replace(/-/g, ""))));
  const typoSeen = new Set<string>();
  const addTypo = (label: string, ref: Ref) => {
    if (allWords.has(label) || typoSeen.has(label)) return;
    typoSeen.add(label);
    for (const v of deletions(label, maxSlips(label))) {
      let list = typoVariants.get(v);
      if (!list) typoVariants.set(v, (list = []));
      list.push({ label, ref });
    }
  };
  for (const brand of brands) {
    if (!brand.domains?.length) continue;
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
      const bare = label.replace(/-/g, "");
      if (bare.length >= 5) addTypo(bare, ref);
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
  return { brands, owned, ccLabels, names, labels, skeletons, typoVariants, cache: new Map() };
}

let defaultIndex: BrandIndex | undefined;
/** The shipped brand list, compiled on first use. */
export function defaultBrands(): BrandIndex {
  return (defaultIndex ??= compileBrands());
}

/** `s` is `word` with up to two lure words before and/or after it ("apiapple", "getsignalapps"). */
function lureSeq(x: string, max: number): boolean {
  if (x === "" || LURES.has(x)) return true;
  if (max < 2) return false;
  for (let i = 2; i < x.length - 1; i++) if (LURES.has(x.slice(0, i)) && LURES.has(x.slice(i))) return true;
  return false;
}

function withLures(s: string, word: string): boolean {
  if (s.length === word.length) return false;
  const at = s.indexOf(word);
  if (at < 0) return false;
  const before = s.slice(0, at);
  const after = s.slice(at + word.length);
  return (before !== "" || after !== "") && lureSeq(before, after ? 1 : 2) && lureSeq(after, before ? 1 : 2);
}

/** A label split once: as written, without hyphens, and in hyphen parts. */
interface Split {
  readonly label: string;
  readonly bare: string;
  readonly parts: readonly string[];
}
const split = (label: string): Split => ({ label, bare: label.replace(/-/g, ""), parts: label.split("-") });

/** Whether `name` occurs in a registrable label under its matching mode. */
function nameIn({ label, bare, parts }: Split, name: string, mode: NameMatcher["mode"]): boolean {
  switch (mode) {
    case "anywhere":
      return bare.includes(name);
    case "edge":
      return bare.startsWith(name) || bare.endsWith(name) || parts.includes(name);
    case "word":
      return parts.includes(name) || parts.some((p) => withLures(p, name)) || withLures(bare, name);
    case "short-word": // "un", "fb", "dw": alone, or glued to a lure word (fbsecurity, fb-accounts), never as a part
      return label === name || withLures(bare, name);
  }
}

/** Slips allowed for a name: two from 8 letters on, else one (issue 6: ≤1 for short names, ≤2 for ≥8). */
const maxSlips = (s: string) => (s.length >= 8 ? 2 : 1);

/** `s` and every string made from it by deleting up to `k` characters (k ≤ 2). */
function deletions(s: string, k: number): Set<string> {
  const out = new Set([s]);
  for (let i = 0; i < s.length; i++) {
    const one = s.slice(0, i) + s.slice(i + 1);
    out.add(one);
    if (k >= 2) for (let j = i; j < one.length; j++) out.add(one.slice(0, j) + one.slice(j + 1));
  }
  return out;
}

/** A single swap of neighbouring letters ("gogole"): one slip, though Levenshtein counts two. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** How `c` slips from the brand name `t`, or undefined when it is not a typo of it. */
function typoSlip(c: string, t: string): string | undefined {
  // Two slips only when both names have 8+ letters ("instagrm" is one slip, "express" is not "hespress").
  const k = Math.min(maxSlips(c), maxSlips(t));
  if (Math.abs(c.length - t.length) > k) return undefined;
  // Letters added or cut at the start, or two at the end, make another word (mobile/tmobile, mail/gmail,
  // france/france24); one letter cut or added at the end of a 5+ letter name stays a slip (whatsap, instagramm).
  if (c.includes(t) || t.includes(c)) {
    const short = c.length < t.length ? c : t;
    const long = c.length < t.length ? t : c;
    if (long.length - short.length !== 1 || !long.startsWith(short) || short.length < 5) return undefined;
  }
  if (isSwap(c, t)) return "two letters are swapped";
  const d = distance(c, t);
  if (d === 0 || d > k) return undefined;
  return d === 1 ? "one letter differs" : "two letters differ";
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
  return icann === n.suffix && /(?:^|\.)[a-z]{2}$/.test(n.suffix);
}

// Reserved for private networks, loopback and link-local use (RFC 1918, RFC 5735, RFC 4193, RFC 4291): a link
// there is a router or a printer, never a spyware server on the internet.
const LOCAL_IP = /^(?:127\.|10\.|192\.168\.|169\.254\.|172\.(?:1[6-9]|2\d|3[01])\.|0\.0\.0\.0$|::1$|f[cd][0-9a-f]{2}:|fe[89ab][0-9a-f]:)/;

const looksLike = (ref: Ref, detail: string) => `looks like ${ref.brand.brand} (${ref.domain}) but is not: ${detail}`;
const brandReason = (kind: ReasonKind, ref: Ref, detail: string): Reason => ({ kind, brand: ref.brand.brand, brand_domain: ref.domain, text: looksLike(ref, detail) });

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
  if (same) add(brandReason("name", same, `same name under another ending (.${n.suffix})`), same);
  const found: string[] = [];
  const plain = split(uLabel);
  const skel = sk !== uLabel ? split(sk) : undefined;
  for (const m of index.names) {
    // Longest names first: "googleplay" is reported as Google Play, not again as Google.
    if (seen.has(m.ref.brand) || (found.length && found.some((f) => f.includes(m.name)))) continue;
    if (nameIn(plain, m.name, m.mode)) {
      found.push(m.name);
      add(brandReason("name", m.ref, `its name contains "${m.name}"`), m.ref);
    }
    else if (skel && nameIn(skel, m.skeleton, m.mode)) add(brandReason("homoglyph", m.ref, lookAlike.replace("%s", m.name)), m.ref);
  }
  const explained = new Set(out.map((r) => r.brand_domain));
  for (const c of new Set([plain.bare, ...plain.parts.filter((p) => p.length >= 4)])) {
    for (const v of deletions(c, maxSlips(c))) {
      for (const t of index.typoVariants.get(v) ?? []) {
        if (seen.has(t.ref.brand) || explained.has(t.ref.domain) || c === t.label) continue;
        const slip = typoSlip(c, t.label);
        if (slip) add(brandReason("typo", t.ref, `${slip} ("${c}" instead of "${t.label}")`), t.ref);
      }
    }
  }
  // An IDN one slip from a brand once its look-alike letters are read (аррӏе.com: Cyrillic ӏ is "i" in UTS #39).
  if (skel && /[^\x00-\x7f]/.test(uLabel)) {
    for (const v of deletions(skel.bare, 1)) {
      for (const t of index.typoVariants.get(v) ?? []) {
        if (!seen.has(t.ref.brand) && distance(skel.bare, t.label) <= 1) add(brandReason("homoglyph", t.ref, lookAlike.replace("%s", t.label)), t.ref);
      }
    }
    for (const [sk2, hit] of index.skeletons) {
      if (hit.label.length >= 5 && !seen.has(hit.ref.brand) && Math.abs(sk2.length - sk.length) <= 1 && distance(sk2, sk) <= 1) {
        add(brandReason("homoglyph", hit.ref, lookAlike.replace("%s", hit.label)), hit.ref);
      }
    }
  }
  return out;
}

/** Brand names placed in front of an unrelated address (youtube.gr.live) or split by dots (yo.utube.digital). */
function hostReasons(index: BrandIndex, n: NormalizedUrl, label: string): Reason[] {
  const sub = n.host.slice(0, Math.max(0, n.host.length - n.registrable.length - 1));
  const subLabels = sub ? sub.split(".").filter((l) => l && !NEUTRAL_SUB.has(l)) : [];
  if (!subLabels.length) return [];
  for (const l of subLabels) {
    const { bare, parts } = split(l);
    for (const m of index.names) {
      if (m.mode === "short-word" ? l === m.name : bare === m.name || parts.includes(m.name)) {
        return [brandReason("name", m.ref, `"${m.name}" is put in front of the unrelated address ${n.registrable}`)];
      }
    }
  }
  const chain = [...subLabels, label];
  for (let k = 2; k <= Math.min(3, chain.length); k++) {
    const parts = chain.slice(-k).map((l) => l.replace(/-/g, ""));
    const joined = parts.join("");
    for (const m of index.names) {
      if (m.name.length < 4 || !joined.includes(m.name) || parts.some((p) => p.includes(m.name))) continue;
      if (m.name.length < 5 && joined !== m.name) continue;
      return [brandReason("name", m.ref, `the name "${m.name}" is split by dots (${chain.slice(-k).join(".")})`)];
    }
  }
  return [];
}

function hostScore(index: BrandIndex, n: NormalizedUrl): Score {
  if (n.ip) {
    if (LOCAL_IP.test(n.host)) return { suspicious: false, level: undefined, domain: n.host, reasons: [] };
    return { suspicious: true, level: "LOW", domain: n.host, reasons: [{ kind: "ip", text: `points to a raw IP address (${n.host}) instead of a named site` }] };
  }
  const label = labelOf(n);
  if (!label || isOwned(index, n, label)) return { suspicious: false, level: undefined, domain: n.registrable, reasons: [] };
  const reasons = registrableReasons(index, n, label);
  let domain = n.registrable;
  if (!reasons.length) {
    reasons.push(...hostReasons(index, n, label));
    if (reasons.length) domain = n.host.replace(/^(?:www\d?\.)+/, "");
  }
  return { suspicious: reasons.length > 0, level: reasons.length ? "MEDIUM" : undefined, domain, reasons: reasons.slice(0, 3) };
}

/** A cheap host-only test first: shortenerOf parses the URL again (it also knows goo.gl/maps is no shortener). */
function onShortener(host: string): boolean {
  for (let h = host; ; ) {
    if (SHORTENER_DOMAINS.has(h)) return true;
    const dot = h.indexOf(".");
    if (dot < 0) return false;
    h = h.slice(dot + 1);
  }
}

/**
 * Scores one normalised link. The brand's own domains and their subdomains are never flagged. Host verdicts are
 * cached in the index (bounded), so a million links cost one scoring per distinct host.
 */
export function scoreDomain(n: NormalizedUrl, index: BrandIndex = defaultBrands()): Score {
  let s = index.cache.get(n.host);
  if (!s) {
    try {
      s = hostScore(index, n);
    } catch {
      s = { suspicious: false, level: undefined, domain: n.registrable, reasons: [] }; // odd input never stops a scan
    }
    if (index.cache.size >= CACHE_MAX) index.cache.clear();
    index.cache.set(n.host, s);
  }
  const shortener = !n.ip && onShortener(n.host) ? shortenerOf(n.url) : undefined;
  if (!shortener) return s;
  const r: Reason = { kind: "shortener", text: `uses the URL shortener ${shortener}: the real destination is hidden` };
  return { suspicious: true, level: s.level ?? "LOW", domain: s.reasons.length ? s.domain : shortener, reasons: [...s.reasons, r] };
}

/** Normalises and scores a raw URL or domain; undefined when it has no host. */
export function scoreUrl(raw: string, index: BrandIndex = defaultBrands()): (Score & { normalized: NormalizedUrl }) | undefined {
  const n = normalizeUrl(raw);
  return n && { ...scoreDomain(n, index), normalized: n };
}
