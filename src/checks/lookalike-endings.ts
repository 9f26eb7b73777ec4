/**
 * What a domain's ending says about it: favoured by abusers (.top, .info, gr.com), sold to anyone as a generic one
 * (.co, .io), a country's own (a brand's national site may sit there), or restricted to checked holders (gov, edu).
 */
import { parse as parseDomain } from "tldts";
import { ABUSED_TLDS } from "./_phishing-lists.ts";

/** CentralNic-style endings that read as a country's (gr.com reads as .gr, cn.com as .cn): private, anyone's. */
export const PSEUDO_COUNTRY = /^[a-z]{2}\.(?:com|net|org)$/;

/**
 * Cheap endings over-represented among operators' domains that Sublime's list leaves out: .info (every RCS Lab
 * domain of 2022, many of Intellexa's) and .news (Cytrox's Greek news look-alikes).
 */
const MORE_ABUSED = new Set(["info", "news"]);

/**
 * An ending favoured by abusers: a generic one from Sublime's list (.top, .xyz, .online) or a pseudo-country one.
 * The country endings of that list (.es, .me, .ru) are left out: brands run national sites there (kayak.es).
 */
export function abused(suffix: string): boolean {
  const tld = suffix.slice(suffix.lastIndexOf(".") + 1);
  return (tld.length > 2 && (ABUSED_TLDS.has(suffix) || ABUSED_TLDS.has(tld))) || MORE_ABUSED.has(suffix) || PSEUDO_COUNTRY.test(suffix);
}

/** Country endings sold to anyone as generic ones (.co, .me, .io, .cc, .tv), and .eu: no sign of a national site. */
export const SOLD_AS_GENERIC: ReadonlySet<string> = new Set(
  "co me ly to cc tv io so ws la fm am ai gg sh ac nu tk ml ga cf gq pw ag bz vc sc mn st ms im cx tf eu".split(" "),
);

/**
 * Endings only given to governments, universities, armies or a country's registered companies (afp.gov.au,
 * usc.edu.co, bs-asahi.co.jp): their holders are checked, so a name there is nobody's impersonation.
 */
export const RESTRICTED = /(?:^|\.)(?:gov|gob|gouv|govt|edu|mil|ac|gv|go|nic)\.[a-z]{2}$|^(?:gov|edu|mil|int)$|^(?:co|ne|or|ed|lg)\.jp$/;

/** A country's own ending (postnl.be, inpost.es, chase.co.uk): brands run national sites there. */
export const nationalEnding = (suffix: string): boolean =>
  /(?:^|\.)[a-z]{2}$/.test(suffix) && !SOLD_AS_GENERIC.has(suffix.slice(-2)) && !/\.(?:com|net|org)\.[a-z]{2}$/.test("." + suffix);

const icann = new Map<string, boolean>();
/**
 * Whether `suffix` is itself a public suffix in ICANN's part of the list (by, gov.pk, gov.np by its wildcard),
 * remembered: callers ask only about two-letter codes, so the memory stays bounded.
 */
export function isIcannSuffix(suffix: string): boolean {
  let v = icann.get(suffix);
  if (v === undefined) icann.set(suffix, (v = parseDomain(`x.${suffix}`, { allowPrivateDomains: false }).publicSuffix === suffix));
  return v;
}
