/**
 * Round 12: a brand's domain under a two-level country ending (co.jp, ne.jp, co.uk, com.au…) put in front of another
 * address with its name slipped once (amzaon.co.jp.<…>.cn, aoen.co.jp.<…>.com), or written with hyphens for its dots
 * in a subdomain label (monex-co-jp.<…>.cn), as JPCERT/CC's phishing lists show Japanese kits doing by the hundred.
 * The brand's own full ending is what anchors the reading: a one-letter slip alone beside a bare country code is round
 * 11's slippedDomainInFront, which needs 5+ letters; here 4 letters and a swap of two letters count too, because the
 * ending says which domain is meant. The exact domain with its dots kept is already read by domainInFront.
 * Held-out cost: 0 by construction (the ranking holds no subdomains). A brand's own edge hosts
 * (www.brand.co.jp.edgekey.net) carry the exact name, never a slipped one, and a slipped name that is itself a popular
 * domain under that ending is its own site.
 */
import type { NormalizedUrl } from "./url-normalize.ts";
import type { Reason } from "./lookalike.ts";
import { isPopular, type Universe } from "./lookalike-universe.ts";
import { isIcannSuffix } from "./lookalike-endings.ts";

/** A second-level label of a country's ending, then the country: ".co.jp", "-ne-jp", ".com.au" (the cheap gate). */
const TWO_LEVEL = /[.-](?:co|ne|or|com|net|org)[.-][a-z]{2}(?=[.-]|$)/;
const SECOND = new Set(["co", "ne", "or", "com", "net", "org"]);
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** The names one slip from x: two letters side by side swapped, one dropped, one changed, one added. */
function* slips(x: string): Generator<string> {
  for (let i = 0; i + 1 < x.length; i++) yield x.slice(0, i) + x[i + 1] + x[i] + x.slice(i + 2);
  for (let i = 0; i < x.length; i++) yield x.slice(0, i) + x.slice(i + 1);
  for (let i = 0; i <= x.length; i++) {
    for (const c of LETTERS) {
      if (i < x.length && c !== x[i]) yield x.slice(0, i) + c + x.slice(i + 1);
      yield x.slice(0, i) + c + x.slice(i);
    }
  }
}

/** The popular domain "x.ending" imitates: x itself (hyphen form only) or one slip of it, a top-10,000 or national name. */
function imitated(u: Universe, x: string, ending: string, exact: boolean): string | undefined {
  if (x.length < 4 || !/^[a-z]+$/.test(x) || !isIcannSuffix(ending)) return undefined;
  if (isPopular(u, `${x}.${ending}`)) return exact ? `${x}.${ending}` : undefined;
  for (const c of slips(x)) {
    if (c.length < 4) continue;
    const p = u.names.get(c);
    if (p && (p.tier <= 2 || p.national) && isPopular(u, `${c}.${ending}`)) return `${c}.${ending}`;
  }
  return undefined;
}

export function endingDomainInFront(u: Universe, n: NormalizedUrl, sub: string): Reason | undefined {
  if (!TWO_LEVEL.test(sub)) return undefined;
  const labels = sub.split(".");
  const found = (d: string, written: string): Reason => ({
    kind: "subdomain", level: "MEDIUM", brand: d, brand_domain: d,
    text: `looks like ${d} but is not: "${written}" reads as ${d} and is put in front of the unrelated address ${n.registrable}`,
  });
  for (let i = 0; i < labels.length; i++) {
    // Dots kept: name.co.jp followed by the unrelated address; the name is a label's last hyphen part (secure-amzaon).
    const [sld, cc] = [labels[i + 1], labels[i + 2]];
    if (sld && cc && SECOND.has(sld) && /^[a-z]{2}$/.test(cc)) {
      const x = labels[i]!.split("-").at(-1)!;
      const d = imitated(u, x, `${sld}.${cc}`, false);
      if (d) return found(d, `${x}.${sld}.${cc}`);
    }
    // Hyphens for the dots inside one label: monex-co-jp.
    const parts = labels[i]!.split("-");
    for (let k = 1; k + 1 < parts.length; k++) {
      if (!SECOND.has(parts[k]!) || !/^[a-z]{2}$/.test(parts[k + 1]!)) continue;
      const d = imitated(u, parts[k - 1]!, `${parts[k]}.${parts[k + 1]}`, true);
      if (d) return found(d, parts.slice(k - 1, k + 2).join("-"));
    }
  }
  return undefined;
}
