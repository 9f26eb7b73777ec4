/**
 * Impersonation of any popular domain (the brand universe of lookalike-universe.ts), technique by technique: look-alike
 * letters, the same name under another ending (lookalike-same-name.ts), the name with extra words, hyphens or digits,
 * glued to lure words, typing slips. Short names (2–4 letters) count only with supporting signals (a lure word, digits,
 * an ending favoured by abusers, free hosting), so that `tim` does not flag every name holding it.
 */
import { abused } from "./lookalike-endings.ts";
import { skeleton } from "./lookalike-skeleton.ts";
import { isTechnical, minTypoLength, nameBySkeleton, typoTargets, type Universe } from "./lookalike-universe.ts";
import { endingCountry, FILLERS, LOCAL_LURES, LURES, lureSeq, NOTICE_WORDS, placeOf, plausibleSlip, SOFTWARE_WORDS, typoSlip, undouble, WEAK } from "./lookalike-words.ts";
import { wordSeqIn } from "./lookalike-trie.ts";
import { readAlike } from "./lookalike-ascii.ts";
import { reason, type Judged } from "./lookalike-judged.ts";
import { ownCountry, sameName } from "./lookalike-same-name.ts";
import type { Reason } from "./lookalike.ts";
import { ownKindOfService } from "./lookalike-infra.ts";
import { stackedSlips } from "./lookalike-slips.ts";
import { oneSlip } from "./lookalike-one-slip.ts";
import { software } from "./lookalike-software.ts";
import { campaign } from "./lookalike-campaigns.ts";
import { soundAlike } from "./lookalike-soundalike.ts";
import { assetWords } from "./lookalike-assets.ts";
import { hosted } from "./lookalike-hosted.ts";

const DIGITS = /^\d+$/;
const NEUTRAL_NAMES = new Set(["www", "www1", "www2", "www3", "m", "web", "api", "cdn", "static", "img"]);

function homoglyph(u: Universe, j: Judged): Reason | undefined {
  const sk = skeleton(j.label);
  if (sk === j.label) return undefined;
  const nonAscii = /[^\x00-\x7f]/.test(j.label);
  const p = nameBySkeleton(u, sk);
  const detail = `it uses look-alike characters ("${j.label}" reads as "%s")`;
  // In plain ASCII, 5+ letters (mib/rnib is another name; paypa1 is not); in an IDN, 4.
  if (p && p.name !== j.label && p.name.length >= (nonAscii ? 4 : 5)) return reason("homoglyph", nonAscii ? "HIGH" : "MEDIUM", p, detail.replace("%s", p.name), j);
  if (!nonAscii) return undefined;
  // An internationalised name one slip from a popular name once its letters are read as ASCII (bittrêx → bittrex).
  const bare = sk.replace(/-/g, "");
  for (const t of typoTargets(u, bare)) if (typoSlip(bare, t.name) || bare === t.name) return reason("homoglyph", "HIGH", t, detail.replace("%s", t.name), j);
  return accentedName(u, j, detail);
}

/**
 * Round 11: accents put on a long brand's name in an internationalised name (ziraatbankasî: Ziraat Bank's name with
 * its language's ending): read without its accents, the name starts or ends with a distinctive top-10,000 or national
 * name of 7+ letters. Held-out cost: 0 of 50,000 (few internationalised names among the ranks: unmeasured beyond).
 */
function accentedName(u: Universe, j: Judged, detail: string): Reason | undefined {
  const plain = j.label.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/-/g, "");
  if (plain === j.label.replace(/-/g, "") || /[^a-z0-9]/.test(plain)) return undefined;
  for (let k = plain.length; k >= 7; k--) {
    for (const name of [plain.slice(0, k), plain.slice(plain.length - k)]) {
      const p = u.names.get(name);
      if (p && (p.tier <= 2 || p.national) && !p.common && !isTechnical(name)) return reason("homoglyph", "HIGH", p, detail.replace("%s", plain), j);
    }
  }
  return undefined;
}

/** Words of a brand's own service hosts (stocktwits-cdn, dazn-api, nissan-cdn): not what lures a reader. */
const SERVICE = /^(?:cdn|static|api|apis|dns|img|assets|media|edge|origin|s3|storage|eu|us|na|apac|emea)$/;

/** Hyphen- and digit-separated parts of a label: `hmrc-refund-covid19` → hmrc, refund, covid, 19 (one pass, no regex). */
export function partsOf(label: string): string[] {
  const out: string[] = [];
  let from = -1;
  let digits = false;
  for (let i = 0; i <= label.length; i++) {
    const c = i < label.length ? label.charCodeAt(i) : 45; // a hyphen ends the last part
    if (c === 45) {
      if (from >= 0) out.push(label.slice(from, i));
      from = -1;
      continue;
    }
    const digit = c >= 48 && c <= 57;
    if (from >= 0 && digit !== digits) {
      out.push(label.slice(from, i));
      from = -1;
    }
    if (from < 0) (from = i), (digits = digit);
  }
  return out;
}

/**
 * Round 11: two lure words glued into one hyphen part (bank-loginsecure, verifyaccount-brand) count as lure words
 * beside a name, as they would apart, but not weak words alone (mycloud, webapp: how sites name their services).
 * Held-out cost: 0 of 50,000.
 */
const gluedLures = (o: string) => o.length >= 7 && lureSeq(o, 2) && !lureSeq(o, 2, WEAK);

function combo(u: Universe, j: Judged): Reason | undefined {
  const parts = partsOf(j.label);
  if (parts.length < 2) return undefined;
  const hyphen = j.label.includes("-");
  // Only a name written without hyphens: awsdns-cn-62.biz is awsdns-cn-62 under another ending, not a split name.
  const found = hyphen ? u.names.get(j.label.replace(/-/g, "")) : undefined;
  const whole = found && !found.name.includes("-") ? found : undefined;
  // Beyond the top 10,000 (national brands apart), two words split by a hyphen are mostly another site's own name
  // (health-partners, crossword-solver, white-pages: 30 of the held-out ranks' false positives): there the ending
  // or the host must add a sign.
  const splitSign = !!whole && (whole.tier <= 2 || !!whole.national || abused(j.suffix) || !!j.privateSuffix || !!j.freeHost);
  if (whole && splitSign && !whole.common && (whole.name.length >= 7 || (whole.name.length >= 6 ? whole.tier <= 2 : whole.tier === 1 && whole.name.length >= 4))) return reason("name", "MEDIUM", whole, `its name "${whole.name}" is split by a hyphen`, j);
  const hyphenParts = j.label.split("-");
  for (let i = 0; i + 1 < hyphenParts.length && hyphenParts.length > 2; i++) { // two parts: the name itself (sameName's)
    // A name that holds a hyphen itself (e-albania, pikiran-rakyat) with more words around it.
    const p = u.names.get(hyphenParts.slice(i, i + 2).join("-"));
    if (p && p.name.length >= 5 && (!p.common || p.tier === 1)) return reason("name", "MEDIUM", p, `its name is "${p.name}" with extra words added`, j);
  }
  // A hyphen part that is a name holding digits (tgcom24-update, poder360-account) is judged whole, with the other
  // hyphen parts as its words; then each part as split at hyphens and digits.
  const numbered = hyphen ? hyphenParts.filter((h) => /\d/.test(h) && /[a-z]/.test(h) && u.names.has(h)) : [];
  for (const part of [...numbered, ...parts]) {
    const p = u.names.get(part);
    // On free hosting, tenants' names are ordinary words more often than not (public-api.wordpress.com).
    if (!p || LURES.has(part) || (p.common && j.freeHost)) continue;
    const others = numbered.includes(part) ? hyphenParts.filter((o) => o !== part) : parts.filter((o) => o !== part);
    if (others.some((o) => SERVICE.test(o))) continue;
    // The brand's own country code as a word reads as its address (krisha-kz.com for krisha.kz).
    const own = ownCountry(p);
    // Notice words (profile, protect, customs) count beside a long name only (NOTICE_WORDS).
    // Round 10: beside a distinctive top-10,000 name, words of software handed out beside the store and of security
    // checks (ssl-brand, brand-installer, scan-brand) count as notice words too; not "server", which names a
    // company's own hosts (plesk-server, icann-servers: the 2 it cost). Held-out cost: 0 of 50,000.
    const filler = (o: string) => FILLERS.has(o) || gluedLures(o) || (part.length >= 5 && (NOTICE_WORDS.has(o) || (p.tier <= 2 && !p.common && (SECURITY_WORDS.has(o) || (SOFTWARE_WORDS.has(o) && !o.startsWith("serv"))))));
    const lures = others.some((o) => filler(o) || o === own);
    // A place naming the ending's own country is how a brand names its national site (ipsos-russia.ru, radio-espana.es).
    if (others.some((o) => placeOf(o) === endingCountry(j.suffix))) continue;
    const digits = others.some((o) => DIGITS.test(o));
    const fillerOnly = others.every((o) => filler(o) || DIGITS.test(o) || o.length <= 2);
    // A place alone does not support a 2–3 letter name: brands' national sites add them too (rte-france, vk-apps).
    const scam = others.some((o) => LURES.has(o) || LOCAL_LURES.has(o) || gluedLures(o));
    // Beside a short name a weak word (cloud, online, app) is how sites name themselves (sana-cloud, digi-cloud).
    const shortLures = others.some((o) => (filler(o) || o === own) && !WEAK.has(o));
    const supports = +(part.length <= 3 ? scam : shortLures) + +(digits || !!j.digitsRead) + +(abused(j.suffix) || !!j.privateSuffix) + +!!j.freeHost + +fillerOnly;
    // A long name with any words only for the top 1,000 (jumia-egy needs "egy" to be a place; a little-known
    // name with other words is most often another site: uberlandia-turismo, postbank-hochdorf).
    // A national brand's long distinctive name as a whole hyphen part, under an ending
    // favoured by abusers, whatever words surround it (accd-mouv-client-desjardins.info): nobody's own site.
    const longPart = part.length >= 7 && !p.common && !!p.national && hyphenParts.includes(part) && abused(j.suffix) && !j.freeHost;
    const ok = longPart || (part.length >= 5
      ? fillerOnly && (!p.common || lures) && (hyphen || lures) && (lures || digits || p.tier <= 2) &&
        // Beyond the top 10,000, weak words alone (online, live, cloud) are how a site names its own services.
        (p.tier === 1 || !!p.national || digits || abused(j.suffix) || others.some((o) => filler(o) && !WEAK.has(o)))
      : hyphen && supports >= (p.tier <= 2 ? 2 : 3));
    if (ok) return reason("name", "MEDIUM", p, `its name is "${part}" with ${hyphen ? "extra words, hyphens or digits" : "digits"} added`, j);
  }
  return undefined;
}

function glued(u: Universe, j: Judged): Reason | undefined {
  // Digits are read as separators (hmrc-refund-covid19), then, for names that hold digits (liputan6, tgcom24), kept.
  return gluedIn(u, j, j.label.replace(/[-\d]/g, ""), /\d/.test(j.label)) ?? (/\d/.test(j.label) ? gluedIn(u, j, j.label.replace(/-/g, ""), false, true) : undefined);
}

/** `bare`: the label as read; `digits`: digits outside the name are a sign; `named`: only names holding digits. */
function gluedIn(u: Universe, j: Judged, bare: string, digits: boolean, named = false): Reason | undefined {
  const n = bare.length;
  // Where filler words may end before the name, and where they may start after it (computed once: O(n²)).
  const starts = [0];
  const ends = [n];
  for (let i = 2; i < n - 2; i++) {
    if (wordSeqIn(bare, 0, i, 2, FILLERS)) starts.push(i);
    if (wordSeqIn(bare, i, n, 2, FILLERS)) ends.push(i);
  }
  if (starts.length === 1 && ends.length === 1) return undefined; // nothing glued: the plain name is sameName's
  for (const i of starts) {
    for (const k of ends) {
      if (k - i < 3 || (i === 0 && k === n)) continue;
      const p = u.names.get(bare.slice(i, k));
      if (!p || LURES.has(p.name) || (named && !/\d/.test(p.name))) continue;
      const before = bare.slice(0, i);
      const after = bare.slice(k);
      const support = abused(j.suffix) || !!j.freeHost || !!j.privateSuffix || digits || /\d/.test(before + after) || !!j.digitsRead;
      // Generic words glued to a name make ordinary names (webclicks, marvelapp): a place or a scam word, or a
      // sign from the ending or digits, is needed.
      const strong = [before, after].some((w) => w && !WEAK.has(w));
      if ([before, after].some((w) => placeOf(w) === endingCountry(j.suffix))) continue; // telmexchile.cl: its own site
      // Beyond the top 1,000 (national brands apart), a word glued on is how brands name their national or group
      // sites (walmartmexico, natwestgroup, webexconnect): a sign from the ending or digits is needed there too.
      const known = p.tier === 1 || !!p.national;
      // A long distinctive top-10,000 name with any lure word under an ending favoured by abusers (eurosportnews.info).
      const abusedLong = p.name.length >= 7 && !p.common && p.tier <= 2 && abused(j.suffix);
      if (p.name.length >= 5 ? (!p.common && known && (strong || support)) || (support && strong) || abusedLong : support && strong && p.tier <= 2) {
        return reason("name", "MEDIUM", p, `its name is "${p.name}" with the words "${[before, after].filter(Boolean).join('", "')}" added`, j);
      }
    }
  }
  return undefined;
}

/**
 * A top-1,000 distinctive name of 4+ letters with one or two digits glued on (daum3, 2paypal): a numbered copy
 * under another ending. Measured on the held-out ranks: 2 of 50,000 (xnxx1, xnxx93; example1 is a reserved name).
 */
function numbered(u: Universe, j: Judged): Reason | undefined {
  // A numbered name popular in its own right (4chan, xvideos3) is judged as that name (sameName), not as a copy.
  if (u.names.has(j.label)) return undefined;
  const m = /^(?:([a-z]{4,})\d{1,2}|\d{1,2}([a-z]{4,}))$/.exec(j.label);
  const p = m && u.names.get(m[1] ?? m[2]!);
  return p && p.tier === 1 && !p.common ? reason("name", "MEDIUM", p, `its name is "${p.name}" with digits added`, j) : undefined;
}

/** Words of a security check's lure (scan-brand, ssl-brand): with a hyphen beside a distinctive top-10,000 name. */
const SECURITY_WORDS: ReadonlySet<string> = new Set(["scan", "ssl"]);
/**
 * Round 10: a letter that ends almost no word (q, j, x, z, k, w) added after a distinctive top-10,000 name of 8+
 * letters (symantecq, freelancerx): no slip of the hand, a deliberate mark that keeps the whole name in view. Held-out
 * cost: 1 of 50,000 (goldpricez.com); with v as well, 2 (serverbidv.com); any added letter was 6 in round 8 (plurals,
 * words: rollingstones, singularu).
 */
const ODD_END = /[qjxzkw]/;
function typo(u: Universe, j: Judged): Reason | undefined {
  const bare = j.label.replace(/-/g, "");
  if (bare.length < 5 || u.names.has(bare) || /[^\x00-\x7f]/.test(bare)) return undefined;
  const swapped = abused(j.suffix) ? swapUnderAbused(u, j, bare) : undefined;
  if (swapped) return swapped;
  for (const t of typoTargets(u, bare)) {
    const target = t.name.replace(/-/g, "");
    // Slips scaled to the name and its rank: a slip from a short or little-known name mostly makes another name
    // (6+ letters in the top 1,000, 8+ in the top 10,000); two slips only towards the top 1,000.
    if (target.length < minTypoLength(t.tier) || /^\d+$/.test(bare.replace(target, ""))) continue;
    // A numbered name (20minutes) is slipped in its letters, its number kept: xvideos53 is another mirror of xvideos3.
    if (/\d/.test(target) && target.replace(/[^\d]/g, "") !== bare.replace(/[^\d]/g, "")) continue;
    const slip = typoSlip(bare, target);
    // Any one-letter change of a long top-1,000 name is deliberate rather than a slip (outlookz, symantecz): few
    // other names lie one letter from a 7+ letter top name. A digit for a letter is left to the look-alike reading.
    const anySlip = t.tier === 1 && target.length >= 7 && slip !== "two letters differ" && !/\d/.test(bare);
    const oddEnd = bare.length === target.length + 1 && bare.startsWith(target) && target.length >= 8 && ODD_END.test(bare.at(-1)!);
    if (slip && ((slip === "two letters differ" && t.tier > 1) || (!anySlip && !oddEnd && !plausibleSlip(bare, target)))) continue;
    if (slip) return reason("typo", "MEDIUM", t, `${slip} ("${bare}" instead of "${t.name}")`, j);
  }
  // A doubled key (ddetik, ffoxnewz): read with single letters, the same name or one more slip away.
  const single = undouble(bare);
  // Round 11: under an ending favoured by abusers, one letter doubled in a top-1,000 name of 4+ letters, even an
  // ordinary word (weltt.lol for welt.de), as the same name there counts (welt.ltd, round 5). Held-out cost: 0 of 50,000.
  const word = single.length === bare.length - 1 && abused(j.suffix) ? u.names.get(single) : undefined;
  if (word && word.tier === 1 && word.name.length >= 4 && !word.name.includes("-")) return reason("typo", "MEDIUM", word, `a letter is doubled ("${bare}" instead of "${word.name}")`, j);
  if (single === bare || single.length < 5) return undefined;
  for (const t of typoTargets(u, single)) {
    const target = undouble(t.name.replace(/-/g, ""));
    // Digits added to a name are a number, not a slip (example11, example33), as above.
    if (/^\d+$/.test(single.replace(target, ""))) continue;
    // The second slip must be one a hand or an eye makes (discuss is no slip of disqus, nor presspage of presage).
    const slip = single === target ? "a letter is doubled" : t.tier === 1 && typoSlip(single, target) && plausibleSlip(single, target) ? "a letter is doubled and another differs" : undefined;
    if (slip) return reason("typo", "MEDIUM", t, `${slip} ("${bare}" instead of "${t.name}")`, j);
  }
  // Doubling a letter of a short or ordinary name mostly makes another name (meedia, filess, monzoo, viddea).
  const same = u.names.get(single);
  return same && same.tier <= 2 && !same.common && (same.name.length >= 6 || same.tier === 1) ? reason("typo", "MEDIUM", same, `a letter is doubled ("${bare}" instead of "${same.name}")`, j) : undefined;
}

/**
 * Round 11: under an ending favoured by abusers, two letters side by side swapped in a distinctive top-10,000 or
 * national name of 5+ letters (apkprue.info for apkpure.com): the typing-slip index holds top-10,000 names from 8
 * letters only, so each swap of the label is looked up (a handful of Map lookups, only under those endings).
 * Held-out cost: 0 of 50,000 (names written with a hyphen left out: mybets.today is no my-best.com; and service
 * names nobody types: herokudsn, dcnbuild).
 */
function swapUnderAbused(u: Universe, j: Judged, bare: string): Reason | undefined {
  if (!/^[a-z]+$/.test(bare)) return undefined; // numbered names and shards (akadns88) are no one's to swap
  for (let i = 0; i + 1 < bare.length; i++) {
    if (bare[i] === bare[i + 1]) continue;
    const p = u.names.get(bare.slice(0, i) + bare[i + 1] + bare[i] + bare.slice(i + 2));
    if (p && (p.tier <= 2 || p.national) && !p.common && p.name.length >= 5 && !p.name.includes("-") && !isTechnical(p.name)) return reason("typo", "MEDIUM", p, `two letters are swapped ("${bare}" instead of "${p.name}")`, j);
  }
  return undefined;
}

/**
 * Digits written for letters inside a word (goog1e, vkontak1e, navyfedera1, drlve-gooog1e): read with the letters
 * they stand for, the name is judged again by the other techniques (a doubled letter, a slip, lure words around it).
 * Only a digit beside letters on both sides or ending a word of letters counts (web3, 4shared, 1-grid are names).
 */
const DIGIT_LETTERS: Readonly<Record<string, string>> = { "0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b" };
/** A word written with "l" for "i" at its start (lnterac, lmessage): no word starts with "ln", "lm" or "lr". */
const L_FOR_I = /^l(?=[nmr])/;
function digitsForLetters(u: Universe, j: Judged): Reason | undefined {
  if (/[^\x00-\x7f]/.test(j.label)) return undefined;
  const words = j.label.split("-");
  // Digits as letters only inside a word of letters, or ending one as "1" or "0" (navyfedera1): not the numbers of
  // mail-163, 119-tim, xvideos5; and only in words of at least four letters.
  const letters = (w: string) => w.replace(/\d/g, "").length >= 4 && /^[a-z]+(?:\d+[a-z]+)*[01]?$/.test(w) && /\d/.test(w);
  const read = words.map((w) => (letters(w) ? w.replace(/\d/g, (d) => DIGIT_LETTERS[d] ?? d) : w.replace(L_FOR_I, "i"))).join("-");
  if (read === j.label) return undefined;
  const trailing = !/[a-z]\d+[a-z]/.test(j.label) && !L_FOR_I.test(j.label) && !words.some((w) => L_FOR_I.test(w));
  const r = sameLetters(u, { ...j, label: read, digitsRead: true }) ?? digitForAnyLetter(u, j);
  // A digit at a word's end reads as a letter only to make a whole name, not a slip (xvideos1 is no slip).
  // A digit at a word's end reads as a letter to make a name or a letter left out (nayfedera1), not a letter added
  // (xvideos1, brand1 are numbered sites).
  if (!r || (trailing && r.kind === "typo" && u.names.has(read.replace(/-/g, "").slice(0, -1)))) return undefined;
  return { ...r, kind: "homoglyph", text: `${r.text.replace(/ but is not: .*$/, "")} but is not: it writes look-alike characters for letters ("${j.label}" reads as "${read}")` };
}
/** One digit inside a word standing for whatever letter the name has there (vkontak1e for vkontakte). */
function digitForAnyLetter(u: Universe, j: Judged): Reason | undefined {
  const bare = j.label.replace(/-/g, "");
  const at = bare.search(/(?<=[a-z])\d(?=[a-z])/);
  if (at < 0 || /\d/.test(bare.slice(at + 1)) || /\d/.test(bare.slice(0, at))) return undefined;
  const rest = bare.slice(0, at) + bare.slice(at + 1);
  for (const t of typoTargets(u, rest)) {
    if (t.name.length === bare.length && t.tier <= 2 && t.name.length >= minTypoLength(t.tier) && t.name.slice(0, at) + t.name.slice(at + 1) === rest) {
      return reason("typo", "MEDIUM", t, "", j);
    }
  }
  return undefined;
}

/**
 * Look-alike ASCII letters in a word of the name (login-rnicrosoft, hotrnall, sso-godacldy, techcruncln): each
 * hyphen part of 4+ letters that is no popular name itself is read back to the letters it imitates (lookalike-ascii.ts);
 * read as the name it imitates, the label is judged again (the whole name, words around it, a slip), the reading
 * itself counting as a sign like digits for letters. Held-out cost: 0 of 50,000 (a plain i/l swap cost 6: stihl.com).
 */
function asciiLetters(u: Universe, j: Judged): Reason | undefined {
  if (/[^\x00-\x7f]/.test(j.label)) return undefined;
  let changed = false;
  const read = j.label.split("-").map((w) => {
    if (w.length < 4 || u.names.has(w)) return w;
    const p = readAlike(u, w, isTechnical);
    if (!p) return w;
    changed = true;
    return p.name;
  }).join("-");
  if (!changed) {
    // A q written for a g (q without its u) with one more slip (inztaqram): read as g, judged as a slip.
    const g = /q(?!u)/.test(j.label) ? j.label.replace(/q(?!u)/g, "g") : undefined;
    const t = g && !u.names.has(g) ? typo(u, { ...j, label: g }) : undefined;
    return t && { ...t, kind: "homoglyph", text: `${t.text.replace(/ but is not: .*$/, "")} but is not: it uses look-alike letters ("${j.label}" reads as "${g}") and ${t.text.replace(/^.* but is not: /, "")}` };
  }
  // A long distinctive name read whole counts at any rank (concentrlx): few other names share its key.
  const whole = u.names.get(read);
  // Round 8: read whole as a top-10,000 name of 5+ letters, or a distinctive top-1,000 one of 4 (qooqle, daurn), whatever
  // its other uses. Not a final q (blinq, iraq: a spelling). Held-out cost: 0 of 50,000 (1, blinq.me, with it).
  const wholeTop = !!whole && whole.tier <= 2 && whole.name.length >= (whole.tier === 1 && !whole.common ? 4 : 5) && !j.label.endsWith("q");
  // A hyphen part read as a distinctive top-10,000 name of 7+ letters, whatever words surround it
  // (devicesupport-rnicrosoft): nobody writes a long brand's name that way by chance. Held-out cost: 0 of 50,000.
  const part = read.split("-").map((w) => u.names.get(w)).find((p, i) => p && p.tier <= 2 && !p.common && p.name.length >= 7 && p.name !== j.label.split("-")[i]);
  const named = whole && ((whole.tier === 3 && !whole.common && whole.name.length >= 8) || wholeTop) ? whole : part;
  const r = named ? reason("name", "MEDIUM", named, "", j) : sameLetters(u, { ...j, label: read, digitsRead: true });
  return r && { ...r, kind: "homoglyph", text: `${r.text.replace(/ but is not: .*$/, "")} but is not: it uses look-alike letters ("${j.label}" reads as "${read}")` };
}

/**
 * A slipped name among other words (www-sso-godady, account-googlmail): a hyphen part of 5+ letters that is no
 * popular name but one slip from a top-10,000 name (as typo() accepts slips), read as that name; the label is then
 * judged as words around a name (combo), whose own rules ask for lure words or signs. Held-out cost: 0 of 50,000.
 */
function slippedPart(u: Universe, j: Judged): Reason | undefined {
  if (!j.label.includes("-") || /[^\x00-\x7f]/.test(j.label)) return undefined;
  // combo asks for lure or notice words beside a name: without one, no slip lookups (most hyphenated names).
  if (!j.label.split("-").some((w) => FILLERS.has(w) || NOTICE_WORDS.has(w))) return undefined;
  let changed = false;
  const read = j.label.split("-").map((w) => {
    if (w.length < 5 || changed || /\d/.test(w) || u.names.has(w) || FILLERS.has(w)) return w;
    for (const t of typoTargets(u, w)) {
      const target = t.name.replace(/-/g, "");
      if (target.length < minTypoLength(t.tier) || t.common) continue;
      const slip = typoSlip(w, target);
      if (!slip || slip === "two letters differ" || !plausibleSlip(w, target)) continue;
      changed = true;
      return target;
    }
    return w;
  }).join("-");
  if (!changed) return countryGlued(u, j);
  const r = combo(u, { ...j, label: read });
  return r && { ...r, kind: "typo", text: `${r.text.replace(/ but is not: .*$/, "")} but is not: a slipped name among other words ("${j.label}" reads as "${read}")` };
}

/** Two-letter country codes of big markets glued in front of a brand (ukhsbc, usbank is a name of its own). */
const GLUED_COUNTRY = /^(?:uk|us|ca|au|de|fr|it|es|nl|br|mx|in|jp|kr|cn|ru|ua|tr|pl|za|ng|ae|sa|eg)/;
/** A country code glued to a top-10,000 name among lure words (ukhsbc-security-online), read apart: 0 held-out. */
function countryGlued(u: Universe, j: Judged): Reason | undefined {
  let changed = false;
  const read = j.label.split("-").map((w) => {
    if (changed || w.length < 6 || u.names.has(w) || !GLUED_COUNTRY.test(w)) return w;
    const p = u.names.get(w.slice(2));
    if (!p || p.tier > 2 || p.common || isTechnical(p.name)) return w;
    changed = true;
    return `${w.slice(0, 2)}-${p.name}`;
  }).join("-");
  if (!changed) return undefined;
  const r = combo(u, { ...j, label: read });
  return r && { ...r, text: `${r.text.replace(/ but is not: .*$/, "")} but is not: a country code is glued to its name among other words ("${j.label}" reads as "${read}")` };
}

/** The techniques on a name already read as letters: the name itself under this ending, a slip, words around it. */
function sameLetters(u: Universe, j: Judged): Reason | undefined {
  const p = u.names.get(j.label);
  if (p && p.tier <= 2 && !p.common && p.name.length >= 5) return reason("name", "MEDIUM", p, "", j);
  return combo(u, j) ?? glued(u, j) ?? typo(u, j);
}

/** The first technique that explains the name, or none. */
export function popularReason(u: Universe, j: Judged): Reason | undefined {
  if (NEUTRAL_NAMES.has(j.label)) return undefined; // www.googleapis.com: a host name, not a tenant's name
  return homoglyph(u, j) ?? sameName(u, j) ?? combo(u, j) ?? glued(u, j) ?? software(u, j) ?? numbered(u, j) ?? typo(u, j) ?? digitsForLetters(u, j) ?? asciiLetters(u, j) ?? slippedPart(u, j) ?? hosted(u, j) ?? ownKindOfService(u, j) ?? stackedSlips(u, j) ?? soundAlike(u, j) ?? assetWords(u, j) ?? oneSlip(u, j) ?? campaign(u, j);
}
