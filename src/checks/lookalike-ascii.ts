/**
 * Look-alike letters in plain ASCII (issue 13, item 2): rn for m, vv for w, cl for d, ln for h, i for l (or l for i),
 * q for g (login-rnicrosoft, hotrnall, godacldy, techcruncln, twiiio, digitalqlobe). UTS #39 maps m, 0 and 1 only
 * (lookalike-skeleton.ts). Here a word is read back: each look-alike form it holds is tried as the letter it imitates
 * (a handful of readings, each one lookup in the popular names' Map and its Bloom filter), so no index is built and
 * the direction is kept: a word holding m is no look-alike of one holding rn. Digits for letters are
 * lookalike-popular.ts's digitsForLetters (fanat1k, a name of its own, is not read as fanatik).
 */
import type { PopularName, Universe } from "./lookalike-universe.ts";

/** The look-alike forms written for a letter. */
const WIDE: readonly (readonly [string, string])[] = [["rn", "m"], ["vv", "w"], ["cl", "d"], ["ln", "h"], ["q", "g"]];
/** A word read back only when it holds a wide form or "ii": a lone i or l (most words) is read as it is written. */
/** Round 15: an l before a consonant at a word's start is an i (lcloud, lphone): no word starts so. */
const L_FOR_I = /^l[^aeiouyl]/;
const HINT = new RegExp(`rn|vv|cl|ln|q|ii|${L_FOR_I.source}`);
/** Readings tried per word at most (a word full of i and l would otherwise branch 2^n ways). */
const MAX_READINGS = 64;
const MAX_CHANGES = 3;

/** Names the look-alike reading may land on: the top 10,000's of 4+ letters, long distinctive ones beyond (hellasjournal). */
const target = (p: PopularName) => !p.name.includes("-") && (p.tier <= 2 ? p.name.length >= 4 : p.name.length >= 8 && !p.common);

/**
 * The popular name `w` writes with look-alike letters, if exactly one: at least one wide form (rn, vv, cl, ln, q for
 * m, w, d, h, g), or i and l swapped where "ii" gives it away (twiiio) or beside a wide form (hotrnall). A plain i/l
 * swap between two ordinary words is another name (stihl and stihi, mobills and mobilis: 6 held-out false positives),
 * and reading every word with an i or an l back cost a sixth more CPU on never-seen hosts.
 */
export function readAlike(u: Universe, w: string, technical: (name: string) => boolean): PopularName | undefined {
  if (!HINT.test(w)) return undefined;
  let found: PopularName | undefined;
  let ambiguous = false;
  let readings = 0;
  const go = (i: number, acc: string, wide: number, swaps: number): void => {
    if (readings >= MAX_READINGS || ambiguous) return;
    if (i === w.length) {
      if (wide + swaps === 0) return;
      readings++;
      const p = u.names.get(acc);
      if (!p || !target(p) || technical(p.name)) return;
      if (wide === 0 && !w.includes("ii")) return;
      if (found && found !== p) ambiguous = true; // two names read from one word: it imitates neither for sure
      found = p;
      return;
    }
    go(i + 1, acc + w[i], wide, swaps);
    if (wide + swaps >= MAX_CHANGES) return;
    for (const [a, b] of WIDE) if (w.startsWith(a, i)) go(i + a.length, acc + b, wide + 1, swaps);
    if (i === 0 && L_FOR_I.test(w)) go(1, "i", wide + 1, swaps);
    else if (w[i] === "i" || w[i] === "l") go(i + 1, acc + (w[i] === "i" ? "l" : "i"), wide, swaps + 1);
  };
  go(0, "", 0, 0);
  return ambiguous ? undefined : found;
}
