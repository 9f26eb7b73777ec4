/**
 * The same name under another ending (dailymail.top, bitfinex.com.co, sberbank.cc): one technique of the popular
 * universe's (lookalike-popular.ts), with the endings brands use for their own national sites kept apart.
 */
import { abused, nationalEnding, RESTRICTED, SOLD_AS_GENERIC } from "./lookalike-endings.ts";
import { countryUse, isPopular, type PopularName, type Universe } from "./lookalike-universe.ts";
import { DYNAMIC_DNS } from "./_phishing-lists.ts";
import { reason, shown, type Judged } from "./lookalike-judged.ts";
import type { Reason } from "./lookalike.ts";

/** The generic endings big brands register beside .com (webex.net, flickr.net, rakuten.net, bloomberg.org). */
const BRAND_OWNED_GENERIC = new Set(["net", "org"]);

/** Endings that read as the start of a brand's own ending (bitfinex.com.co, slack.com.ru). */
const GENERIC_SECOND = /^(?:com|net|org|co)\./;

/**
 * Round 11: endings of France's overseas territories (Saint-Pierre-et-Miquelon, Wallis-et-Futuna, Mayotte) opened by
 * their registry to anyone in the European Union, which hold almost no site of their own (.pm: 3 popular names).
 * Held-out cost: 0 of 50,000; a news or government name under any country ending with fewer than 5 popular sites
 * cost 3 (vijesti.ba, vecernji.ba, protv.md: news sites run editions for neighbours), under fewer than 30, 5, and
 * any national or country site's name of 5+ letters under fewer than 30, 66 (zalando.ie, decathlon.bg: national sites).
 */
const OPEN_TERRITORY = new Set(["pm", "wf", "yt"]);

/** Fewer popular sites than this under a country's ending: no market where a brand runs a national site. */
const RARE_MARKET = 30;

/** Endings of the news and notice clones of national sites (Cytrox's Greek news look-alikes, Doppelgänger). */
const NEWS_ENDINGS = /^(?:news|info|live|press|today|media|website|company)$/;

/** The two-letter country ending of a popular name's domain (`kz` of krisha.kz, `it` of poste.it), if any. */
export const ownCountry = (p: PopularName) => {
  const cc = /(?:^|\.)[a-z]{2}$/.test(p.suffix) ? p.suffix.slice(-2) : undefined;
  return cc && !SOLD_AS_GENERIC.has(cc) ? cc : undefined;
};

/** Endings of national sites a brand may run: one of them popular means com.co may be its own too (kayak.com.mx). */
const NATIONAL_SITES = ["com.mx", "com.ar", "com.br", "cl", "com.pe", "es", "co.uk", "de", "fr", "it", "in", "com.au"];
const national = (u: Universe, p: PopularName) => NATIONAL_SITES.some((e) => e !== p.suffix && isPopular(u, `${p.name}.${e}`));

/** Free or cheap country endings given away or sold to anyone and favoured by abusers (Freenom's five, .pw). */
const FREE_COUNTRY = new Set(["tk", "ml", "ga", "cf", "gq", "pw"]);
/**
 * Round 9: Freenom's five, given away free for a decade (.pw was sold): a distinctive name of 6+ letters of any rank
 * or national brand there is nobody's own site (a government's scholarship portal as a .tk). Held-out cost: 0 of
 * 50,000 (beyond the top 1,000, other endings cost 266: round 8).
 */
const FREENOM = new Set([...FREE_COUNTRY].filter((e) => e !== "pw"));

/**
 * Round 6: the same name under endings brands do not use for national sites. A top-1,000 .net or .org brand under
 * net.xx or org.xx (daum.net.pl: brands' national sites are com.xx or the country's own ending); a top-1,000 name
 * under an ending given away free or favoured by abusers (naver.pw). Given up: a brand of a country's second level
 * under another country's (coinone.co.kr as coinone.co.in): regional brands run those (dafiti.com.co, betway.co.tz),
 * 29 held-out false positives; and .net/.org brands beyond the top 1,000 (aihelp.net.cn, greenpeace.org.uk). As kept: 0.
 */
function otherCountrySecond(p: PopularName, j: Judged): Reason | undefined {
  if (p.common || p.name.length < 4) return undefined;
  const detail = `"${j.label}.${j.suffix}" reads as ${shown(p, j)} under another country's ending`;
  if (/^(?:net|org)$/.test(p.suffix) && j.suffix.startsWith(p.suffix + ".") && p.tier === 1) return reason("tld", "MEDIUM", p, detail, j);
  if (FREE_COUNTRY.has(j.suffix) && ((p.tier === 1 && p.name.length >= 5) || (FREENOM.has(j.suffix) && p.name.length >= 6))) return reason("tld", "MEDIUM", p, `the same name under the ending .${j.suffix}, given away or sold cheaply to anyone`, j);
  return undefined;
}

export function sameName(u: Universe, j: Judged): Reason | undefined {
  // A popular name alone on dynamic DNS is a home server named after what it runs (synology.ddns.net,
  // nextcloud.duckdns.org); the curated high-risk brands are judged there all the same (paypal.ddns.net).
  if (j.freeHost && DYNAMIC_DNS.has(j.freeHost)) return undefined;
  const p = u.names.get(j.label);
  if (!p) return undefined;
  // Round 15: a number-and-name or letter-and-name popular name written without its hyphen, under any ending (7zip.com
  // for 7-zip.org): the address people type for the brand. Held-out cost: 0 of 50,000 (any hyphenated name: 54,
  // paradoxinteractive.com, exchangerates.org.uk: longer names' unhyphenated forms are other sites).
  if (/^(?:\d+|[a-z])-[a-z]{3,}$/.test(p.name) && !j.label.includes("-") && !p.common) return reason("typo", "MEDIUM", p, `"${j.label}" is "${p.name}" written without its hyphen`, j);
  if (p.suffix === j.suffix) return undefined;
  const r = otherCountrySecond(p, j);
  if (r) return r;
  if (j.suffix.startsWith(p.suffix + ".") || (GENERIC_SECOND.test(j.suffix) && p.suffix === j.suffix.split(".")[0])) {
    // Brands run national sites under com.xx (airbnb.com.sg, scotiabank.com.pe): only a private or abused ending
    // counts, or .co, which itself reads as a slip for .com (bitfinex.com.co).
    const strong = abused(j.suffix) || !!j.privateSuffix;
    if (strong || (p.tier > 1 && j.suffix.endsWith(".co") && !national(u, p))) return reason("tld", strong ? "HIGH" : "MEDIUM", p, `"${j.label}.${j.suffix}" reads as ${shown(p, j)} with an extra ending`, j);
    return undefined;
  }
  const tld = j.suffix.slice(j.suffix.lastIndexOf(".") + 1);
  const detail = j.freeHost ? "the same name" : `the same name under another ending (.${j.suffix})`;
  // A country ending is how many organisations run national sites (posteo.de, posteo.at): not a sign by itself.
  // Under a generic ending (.net, .news), only the top 1,000's distinctive names: others share their name with
  // unrelated sites (platform9.net, rakuten.net); under an ending favoured by abusers, any name of 5+ letters.
  const top = p.tier === 1 && !p.common && p.name.length >= 4;
  // A private ending that reads as a country's or a platform's (cnn.gr.com, slack.com.ru): any popular name.
  if (j.privateSuffix && (!p.common || (p.tier <= 2 && p.name.length <= 4))) return reason("tld", "MEDIUM", p, detail, j);
  const supported = abused(j.suffix) || !!j.freeHost;
  const nat = p.tier <= 2 && p.name.length >= 5 && !p.common && !!p.national;
  const generic = tld.length > 2 && !BRAND_OWNED_GENERIC.has(j.suffix) && j.suffix !== "com";
  // A national brand runs its sites under its country's ending, .com, .net or .org: under another generic ending
  // (.media, .agency) or a country ending sold as a generic one (.co, .me, .cc), the same name is not its own.
  if (supported ? top || nat : (top && generic) || (nat && (generic || SOLD_AS_GENERIC.has(j.suffix)))) return reason("tld", "MEDIUM", p, detail, j);
  // Under an ending favoured by abusers, a top-1,000 name of 4+ letters even when other names hold it as a word
  // (welt, bild, t-online), and any national brand's name, short or a word (faz, lenta, ansa): the news clones of
  // the Doppelgänger campaign. Measured on the held-out ranks: 3 of 50,000 (xvideos.party, crypto.news, khabar.bet).
  if (abused(j.suffix) && ((p.tier === 1 && p.name.length >= 4) || p.national)) return reason("tld", "MEDIUM", p, detail, j);
  // Round 10: a government's, university's or army's name (its site under an ending given only to checked holders:
  // parichay.nic.in, a gov.xx portal) under an ending favoured by abusers, at any rank: those bodies buy no .online.
  // Not Japan's co.jp and ne.jp (companies). Held-out cost: 1 of 50,000 (dephub.space for dephub.go.id); any name
  // beyond the top 10,000 under those endings cost 163–266 (round 8), a distinctive one of 8+ letters 95.
  if (abused(j.suffix) && !p.common && p.name.length >= 5 && RESTRICTED.test(p.suffix) && !/jp$/.test(p.suffix)) return reason("tld", "MEDIUM", p, detail, j);
  // A country's own site (its ending a country's: enikos.gr, krisha.kz) under the endings news clones use (.news,
  // .info, .live, .press, .today, .media, .website, .company): 3 of the 50,000 held-out ranks.
  // Beyond the top 10,000 only: better-ranked names run their own services there (vkplay.live; 4 more of 50,000).
  if (NEWS_ENDINGS.test(j.suffix) && p.tier === 3 && !p.common && p.name.length >= 4 && ownCountry(p)) return reason("tld", "MEDIUM", p, detail, j);
  // A top-1,000 name whose own ending is a country's, under a country ending sold as a generic one (sberbank.cc):
  // a national brand runs no site there. None of the held-out ranks.
  if (p.tier === 1 && !p.common && p.name.length >= 5 && ownCountry(p) && SOLD_AS_GENERIC.has(j.suffix) && j.suffix !== "eu") return reason("tld", "MEDIUM", p, detail, j);
  // A long top-1,000 .com/.net/.org name that runs no national site in the big markets, under the ending of a
  // country whose market holds few popular sites (washingtonpost.pm): big brands keep their name under the big
  // countries' endings (cloudflare.de, soundcloud.de redirect home). None of the held-out ranks.
  if (p.tier === 1 && !p.common && p.name.length >= 10 && /^(?:com|net|org)$/.test(p.suffix) && nationalEnding(j.suffix) && countryUse(u, tld) < RARE_MARKET && !national(u, p)) return reason("tld", "MEDIUM", p, detail, j);
  // Round 11: a national brand's name under the endings of France's little territories that anyone in Europe can
  // register (.pm, .wf, .yt: managed with .fr, almost no site of their own): the Doppelganger clones' cheap addresses.
  if (p.national && !p.common && p.name.length >= 5 && OPEN_TERRITORY.has(j.suffix)) return reason("tld", "MEDIUM", p, detail, j);
  // Round 11: a national government body's name (a ministry, police, army, tax office: the national list's
  // "government") under another country's own ending (bundespolizei.pe): governments run no sites under foreign
  // endings. Held-out cost: 0 of 50,000; a news or government name under a country ending of fewer than 30 popular
  // sites, 5 (news sites run editions for neighbours: dnevnik.rs, vijesti.ba); the same name of a government, army or
  // international body (nato.int) under an ending sold as a generic one, 6 (data.ai, land.to, acesso.io: words).
  if (p.national && p.category === "government" && !p.common && p.name.length >= 6 && nationalEnding(j.suffix) && !SOLD_AS_GENERIC.has(tld) && ownCountry(p) !== tld && !p.choices?.some((c) => c.region.toLowerCase() === tld)) return reason("tld", "MEDIUM", p, detail, j);
  return undefined;
}
