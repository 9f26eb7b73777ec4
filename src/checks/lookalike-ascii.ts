/**
 * Look-alike letters in plain ASCII (issue 13, item 2): rn for m, vv for w, cl for d, ln for h, i or 1 for l, q for
 * g, 0 for o (login-rnicrosoft, hotrnall, godacldy, techcruncln, twiiio, digitalqlobe). UTS #39 maps m, 0 and 1 only
 * (lookalike-skeleton.ts); this "loose" skeleton writes every such letter in its widest form, so a name and its
 * look-alike spelling share one key, looked up in an index of the top-10,000 names built once.
 */
import type { PopularName, Universe } from "./lookalike-universe.ts";

/** Each letter in the form its look-alikes share (d and cl both read "cl"; i, l and 1 all read "l"). */
// Digits for letters are lookalike-popular.ts's digitsForLetters (fanat1k, a name of its own, is not read as fanatik).
const LOOSE: Readonly<Record<string, string>> = { m: "rn", w: "vv", d: "cl", h: "ln", i: "l", q: "g" };
/** The look-alike forms written for a letter: rn for m, never m for rn (a word holding m is no look-alike). */
const WIDE: readonly (readonly [string, string])[] = [["rn", "m"], ["vv", "w"], ["cl", "d"], ["ln", "h"], ["q", "g"]];

/**
 * Whether `w` writes `target` with look-alike letters, in their direction: at least one wide form (rn, vv, cl, ln, q
 * for m, w, d, h, g), or i and l swapped where "ii" gives it away (twiiio) or the name is a top-1,000 one. A plain
 * i/l swap between two ordinary words is another name (stihl and stihi, mobills and mobilis: held-out ranks).
 */
export function writesAlike(w: string, target: string, top: boolean): boolean {
  let wide = 0;
  let swaps = 0;
  for (let i = 0, k = 0; i < w.length || k < target.length; ) {
    if (w[i] === target[k]) { i++; k++; continue; }
    const f = WIDE.find(([a, b]) => w.startsWith(a, i) && target[k] === b);
    if (f) { wide++; i += f[0].length; k++; continue; }
    if ((w[i] === "i" && target[k] === "l") || (w[i] === "l" && target[k] === "i")) { swaps++; i++; k++; continue; }
    return false;
  }
  return wide > 0 || (swaps > 0 && (top || w.includes("ii")));
}

/** The loose ASCII skeleton of a lowercase name: hotmail and hotrnall both read "lnotrnall". */
const HAS_LOOSE = /[mwdhiq]/;
export function looseSkeleton(s: string): string {
  if (!HAS_LOOSE.test(s)) return s; // most of the letters stay: one scan before building a string
  let out = "";
  for (let i = 0; i < s.length; i++) out += LOOSE[s[i]!] ?? s[i];
  return out;
}

/** Names indexed: the top 10,000's of 4+ letters, and long distinctive ones beyond (concentrix, hellasjournal). */
const target = (p: PopularName) => !p.name.includes("-") && (p.tier <= 2 ? p.name.length >= 4 : p.name.length >= 8 && !p.common);

/** Marks a key shared by two popular names (mail and mall): the look-alike reading names no single site. */
const AMBIGUOUS = null;

/**
 * The indexed name (national brands included) whose loose skeleton is `sk`, if no other indexed name has it. Built
 * on first use (~70 ms): a look-alike of a short little-known name is as likely another little-known name. Names
 * beyond the index that share a key (dear.com with clear.com) are left to writesAlike's direction, which reads "d"
 * as no look-alike of "cl": checking them too cost 70 ms more at start-up and changed no answer on the held-out ranks.
 */
export function nameByLoose(u: Universe & { loose?: Map<string, PopularName | null> }, sk: string, technical: (n: string) => boolean): PopularName | undefined {
  if (!u.loose) {
    u.loose = new Map();
    for (const p of u.names.values()) {
      if (!target(p) || technical(p.name)) continue;
      const k = looseSkeleton(p.name);
      const had = u.loose.get(k);
      u.loose.set(k, had === undefined || had?.name === p.name ? p : AMBIGUOUS);
    }
  }
  return u.loose.get(sk) ?? undefined;
}
