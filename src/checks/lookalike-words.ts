/**
 * Word-level helpers of the lookalike check: lure words glued to a brand, label splitting and typing slips
 * (Damerau–Levenshtein with the rules of issue 6: scaled to the name's length, additions at the start are words).
 */
import { distance } from "fastest-levenshtein";

/**
 * Words phishing addresses glue to a brand ("getsignal-app", "apiapple", "whatsapp-update"). Only words here, not
 * names: "pay", "info", "tv" are left out because real brands are made of them (instapay, zoominfo, androidtv).
 */
export const LURES = new Set(
  ("my get api cdn app apps web id login signin secure security verify verification account accounts support help " +
    "service services update updates online official mobile download downloads cloud store alert alerts auth check " +
    "sync track tracking delivery parcel news live now link links portal center team gift bonus promo free sms mail " +
    "inbox chat msg refund refunds claim reward rewards prize wallet confirm unlock reset recover recovery billing " +
    "invoice payment payments customer care desk ticket tickets covid tax taxes rebate lottery winner secured " +
    "safety verified webmail email connect").split(" "),
);
/** `s` is `word` with up to two lure words before and/or after it ("apiapple", "getsignalapps"). */
export function lureSeq(x: string, max: number): boolean {
  if (x === "" || LURES.has(x)) return true;
  if (max < 2) return false;
  for (let i = 2; i < x.length - 1; i++) if (LURES.has(x.slice(0, i)) && LURES.has(x.slice(i))) return true;
  return false;
}

export function withLures(s: string, word: string): boolean {
  if (s.length === word.length) return false;
  const at = s.indexOf(word);
  if (at < 0) return false;
  const before = s.slice(0, at);
  const after = s.slice(at + word.length);
  return (before !== "" || after !== "") && lureSeq(before, after ? 1 : 2) && lureSeq(after, before ? 1 : 2);
}

/** A label split once: as written, without hyphens, and in hyphen parts. */
export interface Split {
  readonly label: string;
  readonly bare: string;
  readonly parts: readonly string[];
}
export const split = (label: string): Split => ({ label, bare: label.replace(/-/g, ""), parts: label.split("-") });

/** Slips allowed for a name: two from 8 letters on, else one (issue 6: ≤1 for short names, ≤2 for ≥8). */
export const maxSlips = (s: string) => (s.length >= 8 ? 2 : 1);

/** `s` and every string made from it by deleting up to `k` characters (k ≤ 2). */
export function deletions(s: string, k: number): Set<string> {
  const out = new Set([s]);
  for (let i = 0; i < s.length; i++) {
    const one = s.slice(0, i) + s.slice(i + 1);
    out.add(one);
    if (k >= 2) for (let j = i; j < one.length; j++) out.add(one.slice(0, j) + one.slice(j + 1));
  }
  return out;
}

/** A single swap of neighbouring letters ("gogole"): one slip, though Levenshtein counts two. */
export function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** How `c` slips from the brand name `t`, or undefined when it is not a typo of it. */
export function typoSlip(c: string, t: string): string | undefined {
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

