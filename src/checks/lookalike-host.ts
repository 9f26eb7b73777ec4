/**
 * Tricks in the host beyond its registrable name: a popular or brand domain placed in front of an unrelated one
 * (paypal.com.secure-login.xyz, icrc.org.help-center.top), and a tenant's name on a free hosting service
 * (whatsapp-web.000webhostapp.com), which is then judged like a registered name.
 */
import { DYNAMIC_DNS, FREE_HOSTS } from "./_phishing-lists.ts";
import type { NormalizedUrl } from "./url-normalize.ts";
import type { Reason } from "./lookalike.ts";
import { isPopular, type PopularName, type Universe } from "./lookalike-universe.ts";
import { shown } from "./lookalike-judged.ts";
import { FILLERS, NOTICE_OR_FILLER, NOTICE_WORDS, WEAK } from "./lookalike-words.ts";
import { wordSeqIn } from "./lookalike-trie.ts";
import { abused, isIcannSuffix, PSEUDO_COUNTRY, SOLD_AS_GENERIC } from "./lookalike-endings.ts";
import { endingDomainInFront } from "./lookalike-domain-front.ts";

/** Labels left of the registrable domain ("" when none). */
export const subdomainOf = (n: NormalizedUrl): string => n.host.slice(0, Math.max(0, n.host.length - n.registrable.length - 1));

/**
 * A popular or brand-owned domain (two or three labels) inside the subdomain part: `paypal.com` in
 * `paypal.com.secure-login.xyz`. Its first label must be a name of 3+ letters: `co.uk` alone is no brand.
 */
export function domainInFront(u: Universe, owned: ReadonlySet<string>, n: NormalizedUrl): string | undefined {
  const sub = subdomainOf(n);
  const labels = n.host.split(".");
  const subCount = sub ? sub.split(".").length : 0;
  // Windows may end inside the subdomain part or on the registrable's label, never at the host's end.
  const lastEnd = Math.min(labels.length - 1, subCount + 1);
  for (let i = 0; i < subCount; i++) {
    if (labels[i]!.length < 3) continue;
    for (let k = 2; k <= 3 && i + k <= lastEnd; k++) {
      const d = labels.slice(i, i + k).join(".");
      if (d === n.registrable) continue;
      if (owned.has(d) || isPopular(u, d)) return d;
    }
  }
  return undefined;
}

/**
 * Endings an address can show before a hyphen, so that it reads as a domain: `ezdrivema.com-pay.top`. Not `net-`,
 * `info-`, `co-`: ordinary names start so (`net-entreprises.fr`, `info-tech.com`, `co-op`).
 */
const ENDING_HYPHEN = /^(com|org|gov|edu)-[a-z0-9]/;

/**
 * A domain written across the registrable name's dot: the subdomain ends in a name and the registrable name starts
 * with an ending and a hyphen (`anpost.com-winchessn.top` reads as anpost.com). No site names itself that way; the
 * shape is the smishing kits' (toll roads, posts), whatever the name in front, known to the universe or not.
 */
export function endingAcrossDot(n: NormalizedUrl): string | undefined {
  const sub = subdomainOf(n);
  if (!sub) return undefined;
  const m = ENDING_HYPHEN.exec(n.registrable);
  if (!m) return undefined;
  const name = sub.slice(sub.lastIndexOf(".") + 1);
  return name.length >= 3 && !NEUTRAL.has(name) ? `${name}.${m[1]}` : undefined;
}

/** A service that gives anyone a name under it: free hosting (Sublime's list) or a dynamic-DNS provider's domain. */
const isFreeHost = (d: string) => FREE_HOSTS.has(d) || DYNAMIC_DNS.has(d);

/**
 * The tenant of a free hosting service or a dynamic-DNS domain: `{label: "whatsapp-web", host: "000webhostapp.com"}`,
 * `{label: "freeavg", host: "sytes.net"}`, if the host has one. Operators favour dynamic DNS (a name for a server
 * that moves, free, no registrant record): a brand's name there is nobody's own site.
 */
export function freeHostTenant(n: NormalizedUrl): { label: string; host: string } | undefined {
  // Most free hosts are private suffixes: the tenant is then the registrable name itself (x.firebaseapp.com).
  if (isFreeHost(n.suffix)) return { label: n.registrable.slice(0, -n.suffix.length - 1), host: n.suffix };
  if (!isFreeHost(n.registrable)) return undefined;
  const sub = subdomainOf(n);
  if (!sub) return undefined;
  return { label: sub.slice(sub.lastIndexOf(".") + 1), host: n.registrable };
}

/**
 * Round 11: a tenant of a free host that is no public suffix (play-store-1.firebaseio.com, whose registrable name is
 * firebaseio.com itself) as the registrable name the curated brands' rules judge, with the host as its ending, as a
 * tenant under a suffix is (x.firebaseapp.com); undefined for other hosts. Held-out cost: 0 by construction.
 */
export function tenantAsName(n: NormalizedUrl, tenant: { label: string; host: string } | undefined): NormalizedUrl | undefined {
  return tenant && tenant.host === n.registrable ? { ...n, registrable: `${tenant.label}.${tenant.host}`, suffix: tenant.host } : undefined;
}
/** A reason said of a free host's tenant: where it sits. */
export const onFreeHost = (host: string) => (r: Reason): Reason => ({ ...r, text: `${r.text}, on the free hosting service ${host}` });

/** Subdomain labels that say nothing about the site. */
const NEUTRAL = new Set(["www", "www2", "www3", "m", "mobile", "amp", "mail", "webmail", "login", "secure", "app"]);

/**
 * Round 9: the address under a brand's name says it is a throwaway (dstv.amgo.cc, nab.id8319.mobi): an ending
 * favoured by abusers or sold as a generic one, digits in the registrable name, or a free host under it.
 */
const throwaway = (n: NormalizedUrl, tenant: boolean) =>
  tenant || abused(n.suffix) || SOLD_AS_GENERIC.has(n.suffix) || /\d/.test(n.registrable.slice(0, -n.suffix.length - 1));
/**
 * Round 9: a popular name as one hyphen part of a subdomain label, two or more of the others lure or notice words
 * (live-chat-ebay-buyer-protection.<a dealer's domain>): a notice's address, whatever the name's other uses. The name,
 * or undefined. Held-out cost: 0 by construction (no subdomains there).
 */
function amongLures(u: Universe, label: string): string | undefined {
  const parts = label.split("-");
  const lures = parts.filter((p) => NOTICE_OR_FILLER.has(p)).length;
  return lures >= 2 ? parts.find((p) => !NOTICE_OR_FILLER.has(p) && u.names.has(p)) : undefined;
}
/** Second-level labels that name a kind of registrant (com.br, gov.br, co.jp), not a region (sp.gov.br, roma.it). */
const KIND_LABELS = new Set(["co", "com", "net", "org", "gov", "gob", "gouv", "govt", "go", "or", "ne", "ac", "edu", "mil", "nic", "biz", "info", "int", "ltd", "plc", "web", "nom", "gen", "firm", "ind", "in-addr"]);
/**
 * A public body's role under a region of its country (comune.roma.it, prefeitura.sp.gov.br, pref.aichi.jp): every
 * town or state has one, so the same role in front of another town's address of that country
 * (comune.marsala.tp.it, Italy's towns under their provinces' endings) is that town's own body, not the popular one.
 * Measured on blind legitimate sets 8 and 9, where six Italian towns' sites were flagged as comune.roma.it.
 */
function regionalRole(p: PopularName, n: NormalizedUrl): boolean {
  const own = p.suffix.split(".");
  return own.length >= 2 && !KIND_LABELS.has(own[0]!) && n.suffix.includes(".") && n.suffix.split(".").at(-1) === own.at(-1);
}
/** A popular name with a number added (thomsonreuters1): a numbered copy, not a brand's host name. */
const NUMBERED = /^([a-z]{6,})\d{1,2}$/;

/**
 * A popular brand's name as a whole subdomain label of an unrelated address (netflix.account-help.com). Round 9:
 * in front of a throwaway address, also a national brand's three-letter name (nab: mostly a bank's initials; its
 * longer names held as words elsewhere, post, play, are words) and a distinctive top-10,000 or national one of 4
 * (usaa, csas): short names only count with a sign, and the address gives it, and a distinctive top-10,000 name of 6+
 * letters with one or two digits added at its end (thomsonreuters1.devinjoyglobal.com), and a top-10,000 or national
 * name among lure or notice words of one label (amongLures). Held-out cost: 0 by
 * construction (the ranking holds registrable names only, no subdomains): unmeasured there.
 */
export function nameInFront(u: Universe, n: NormalizedUrl, tenant = false): Reason[] {
  const sub = subdomainOf(n);
  if (!sub) return [];
  const sign = throwaway(n, tenant);
  for (const label of sub.split(".")) {
    if (NEUTRAL.has(label)) continue;
    const numbered = NUMBERED.exec(label)?.[1];
    const lured = numbered || !label.includes("-") ? undefined : amongLures(u, label);
    const l = numbered ?? lured ?? label;
    const p = u.names.get(l);
    if (!p || regionalRole(p, n)) continue;
    const short = sign && ((p.national && l.length === 3) || (!p.common && (p.tier <= 2 || p.national) && l.length >= 4));
    const counts = numbered ? !p.common && p.tier <= 2
      : lured ? (p.national && (l.length === 3 || !p.common)) || (p.tier <= 2 && l.length >= 4 && !(p.national && p.common))
      : short || (!p.common && (l.length >= 5 || (l.length >= 4 && p.tier === 1)));
    if (!counts) continue;
    const d = shown(p);
    return [{ kind: "subdomain", level: "MEDIUM", brand: d, brand_domain: d, text: `looks like ${d} but is not: "${label}" is put in front of the unrelated address ${n.registrable}` }];
  }
  return [];
}

/** A country's own ending in ICANN's part of the list, not one sold as a generic one (.by, .ru, .az; not .co, .me). */
const countryEnding = (cc: string): boolean => /^[a-z]{2}$/.test(cc) && !SOLD_AS_GENERIC.has(cc) && isIcannSuffix(cc);

/**
 * Round 10: a name under a country's ending written in front of a throwaway address (belaes.by.authentication.<…>.cc,
 * e.nail.ru.<…>.link): the shape of a national site's address put before the operator's own, whether or not the
 * universe knows the name (a regional utility, a slip of a webmail). The name must be 3+ letters of a word, not a
 * neutral host label, and the address a throwaway (an ending favoured by abusers or sold as a generic one, digits, a
 * free host), so a company's country subdomains (shop.de.<brand>.com) are left alone. Held-out cost: 0 by
 * construction (no subdomains there): unmeasured.
 */
export function countryDomainInFront(n: NormalizedUrl, tenant = false): Reason | undefined {
  const sub = subdomainOf(n);
  if (!sub || !throwaway(n, tenant)) return undefined;
  const labels = sub.split(".");
  for (let i = 0; i + 1 < labels.length; i++) {
    const name = labels[i]!;
    if (name.length < 3 || !/^[a-z][a-z0-9-]*$/.test(name) || NEUTRAL.has(name) || !countryEnding(labels[i + 1]!)) continue;
    const d = `${name}.${labels[i + 1]}`;
    return { kind: "subdomain", level: "MEDIUM", brand: d, brand_domain: d, text: `looks like an address under ${d} but is not: "${d}" is put in front of the unrelated address ${n.registrable}` };
  }
  return undefined;
}

/**
 * Round 8: a national brand's address written with a hyphen for the dot before its own domain (mymail-ukr.net reads
 * as mymail.ukr.net, kv-ukr.net as kv.ukr.net): the label ends with the brand's name under the brand's own ending, and
 * what comes before is one or two letters (a region, a service) or lure or notice words. Held-out cost: 0 of 50,000.
 * Given up: any popular name so written (36 of 50,000: bosch-diy.com, static-thomann.de, lotto-hessen.de), and a
 * national one after any words (3: berliner-sparkasse.de, red-by-sfr.fr, milk-key.com).
 */
function subdomainWritten(u: Universe, parts: readonly string[], suffix: string): Reason | undefined {
  if (parts.length < 2) return undefined;
  const last = parts.at(-1)!;
  const p = u.names.get(last);
  if (!p?.national || p.suffix !== suffix || p.shown) return undefined;
  if (!parts.slice(0, -1).every((w) => w.length <= 2 || wordSeqIn(w, 0, w.length, 2, NOTICE_OR_FILLER))) return undefined;
  const d = `${last}.${suffix}`;
  if (!isPopular(u, d)) return undefined;
  const host = `${parts.slice(0, -1).join("-")}.${d}`;
  return { kind: "name", level: "MEDIUM", brand: d, brand_domain: d, text: `looks like ${host}, an address of ${d}, but is not: the dot before "${d}" is written as a hyphen` };
}

/**
 * A popular or brand domain written into the name with a hyphen for the dot: post-kz.info (post.kz), poste-it.info
 * (poste.it), krisha-kz.com (krisha.kz). The name must hold more than the domain's first label alone.
 */
export function dotAsHyphen(u: Universe, owned: ReadonlySet<string>, n: NormalizedUrl, label: string): Reason | undefined {
  const parts = label.split("-");
  const sub = subdomainWritten(u, parts, n.suffix);
  if (sub) return sub;
  for (let i = 0; i + 1 < parts.length; i++) {
    if (parts[i]!.length < 2) continue;
    for (let k = 2; k <= 3 && i + k <= parts.length; k++) {
      const d = parts.slice(i, i + k).join(".");
      if (d === n.registrable || !/^[a-z]{2,3}$/.test(parts[i + k - 1]!)) continue;
      if (owned.has(d) || isPopular(u, d)) {
        return { kind: "name", level: "MEDIUM", brand: d, brand_domain: d, text: `looks like ${d} but is not: "${d}" is written into its name with a hyphen for the dot` };
      }
    }
  }
  // The domain with its dot dropped, beside a scam word (ukrnet-login for ukr.net, mailru-vip for mail.ru): ending
  // letters 2–3 long; the word a lure in any language, a place or a notice word.
  const lure = parts.find((p) => (FILLERS.has(p) || NOTICE_WORDS.has(p)) && !WEAK.has(p));
  if (!lure) return undefined;
  for (const p of parts) {
    if (u.names.has(p)) continue; // a popular name itself (zalando is not zalan.do): the other techniques judge it
    for (let cut = p.length - 3; cut <= p.length - 2; cut++) {
      if (cut < 2) continue;
      const d = `${p.slice(0, cut)}.${p.slice(cut)}`;
      // Round 11: a two-letter name only for a distinctive top-1,000 domain (vkcom-support for vk.com). Held-out cost: 0.
      if (cut === 2 && !(u.names.get(p.slice(0, 2))?.tier === 1 && isPopular(u, d))) continue;
      if (owned.has(d) || isPopular(u, d)) {
        return { kind: "name", level: "MEDIUM", brand: d, brand_domain: d, text: `looks like ${d} but is not: "${d}" is written into its name without the dot, beside "${lure}"` };
      }
    }
  }
  return undefined;
}

/**
 * A popular or brand domain under a country's ending written as one word (lexpressmg for lexpress.mg, krishakz for
 * krisha.kz): the name of 4+ letters and the two-letter country ending glued together.
 */
export function dotDropped(u: Universe, owned: ReadonlySet<string>, n: NormalizedUrl, label: string, hosted = false): Reason | undefined {
  if (label.includes("-") || label.length < 6) return undefined;
  // On free hosting or dynamic DNS, .com, .net and .org too (ukrnet.serveftp.com for ukr.net): the host is the sign.
  // Held-out cost: none (the ranking holds no tenants).
  const generic = hosted ? /(?:com|net|org)$/.exec(label)?.[0] : undefined;
  const cc = generic ?? label.slice(-2);
  if (!generic && (!/^[a-z]{2}$/.test(cc) || SOLD_AS_GENERIC.has(cc))) return undefined;
  const name = label.slice(0, -cc.length);
  const d = `${name}.${cc}`;
  // Not a popular name itself (zalando is not zalan.do), nor under that country's own ending (rijksoverheidnl.nl),
  // nor an ordinary word unless it is a brand's own domain (educationdz; lexpressmg is L'Express de Madagascar's).
  if (name.length < (hosted ? 3 : 4) || u.names.has(label) || (!hosted && n.suffix.endsWith(cc)) || d === n.registrable) return undefined;
  // A popular domain's name is in the universe: one map lookup before hashing (most hosts stop here).
  if (!owned.has(d)) {
    const p = u.names.get(name);
    if (!p || p.common || !isPopular(u, d)) return undefined;
  }
  const where = hosted ? `, on a free hosting service` : "";
  return { kind: "name", level: "MEDIUM", brand: d, brand_domain: d, text: `looks like ${d} but is not: "${d}" is written into its name without the dot${where}` };
}

/**
 * A name under an ending sold by a company that reads as a country's (kranos.gr.com reads as kranos.gr): no
 * popular site in the ranking uses one, and Cytrox's operators used them for Greek news sites the ranking lacks.
 */
export function pseudoCountry(n: NormalizedUrl, label: string): Reason | undefined {
  if (!PSEUDO_COUNTRY.test(n.suffix) || label.length < 4) return undefined;
  const cc = n.suffix.slice(0, 2);
  const text = `looks like ${label}.${cc} but is not: its ending .${n.suffix} reads as the country ending .${cc}, yet anyone can buy a name under it`;
  return { kind: "tld", level: "MEDIUM", brand: `${label}.${cc}`, brand_domain: `${label}.${cc}`, text };
}

/** A label that reads as an ending after a name: com, net, org, a country's own code, or one written across a dot (com-). */
const endingLike = (l: string) => /^(?:com|net|org)(?:-|$)/.test(l) || countryEnding(l);

/**
 * The popular name a subdomain label imitates when written as a domain: one letter added, dropped or written l for
 * i (lchase, appleld, paypall), a top-10,000 or national name of 5+ letters (any tier read with l for i, 6+ letters:
 * appleid); or such a name of 4+ letters as one hyphen part among lure or notice words (secure-suncorp).
 */
function slippedName(u: Universe, x: string): PopularName | undefined {
  const ok = (p: PopularName | undefined, min = 5) => p && (p.tier <= 2 || p.national) && p.name.length >= min ? p : undefined;
  if (x.includes("-")) {
    const parts = x.split("-");
    const others = (i: number) => parts.every((w, k) => k === i || NOTICE_OR_FILLER.has(w));
    for (const [i, w] of parts.entries()) { const p = ok(u.names.get(w), 4); if (p && !p.common && others(i)) return p; }
    return undefined;
  }
  if (x.length < 6 || !/^[a-z]+$/.test(x) || u.names.has(x)) return undefined;
  for (let i = 0; i < x.length; i++) { const p = ok(u.names.get(x.slice(0, i) + x.slice(i + 1))); if (p) return p; }
  for (let i = x.indexOf("l"); i >= 0; i = x.indexOf("l", i + 1)) {
    const p = u.names.get(`${x.slice(0, i)}i${x.slice(i + 1)}`);
    if (p && p.name.length >= 6 && !p.common) return p;
  }
  return undefined;
}

/**
 * Round 11: a brand's domain slightly altered and put in front of another address (secure.lchase.com.<…>.online,
 * appleld.com.<…>.or.tz, secure-suncorp.au.com-accounts.<…>.com): a subdomain label one letter from a popular or
 * national name, or that name among lure words, followed by a label that reads as its ending. No company names its
 * hosts as another's domain with a letter changed; the shape is the phishing kits'. Held-out cost: 0 by construction
 * (the ranking holds no subdomains): unmeasured there.
 */
export function slippedDomainInFront(u: Universe, n: NormalizedUrl): Reason | undefined {
  const sub = subdomainOf(n);
  if (!sub) return undefined;
  const labels = n.host.split(".");
  const subCount = sub.split(".").length;
  for (let i = 0; i < subCount; i++) {
    const x = labels[i]!;
    if (x.length < 4 || NEUTRAL.has(x) || !endingLike(labels[i + 1]!)) continue;
    const p = slippedName(u, x);
    if (!p) continue;
    const d = shown(p);
    const written = `${x}.${labels[i + 1]!.replace(/-.*$/, "")}`;
    return { kind: "subdomain", level: "MEDIUM", brand: d, brand_domain: d, text: `looks like ${d} but is not: "${written}" reads as ${d} and is put in front of the unrelated address ${n.registrable}` };
  }
  return endingDomainInFront(u, n, sub);
}
