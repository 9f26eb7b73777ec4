/**
 * Round 8: stacked slips on long top-1,000 names, each shape measured on the held-out ranks. One slip is
 * lookalike-popular.ts's typo(); here, two slips apart from each other in a long name, and a slip plus a word glued on.
 */
import { distance } from "fastest-levenshtein";
import { reason, type Judged } from "./lookalike-judged.ts";
import { addName, isTechnical, typoTargets, type PopularName, type Universe } from "./lookalike-universe.ts";
import { FILLERS, osa, plausibleSlip, typoSlip } from "./lookalike-words.ts";
import { wordSeqIn } from "./lookalike-trie.ts";
import type { Reason } from "./lookalike.ts";

/** The shortest top-1,000 name two slips are read from: shorter ones lie two letters from many other names. */
const TWO_SLIPS_FROM = 9;
/** The stretch two slips span at least (first to last differing letter): two slips side by side change a word. */
const TWO_SLIPS_APART = 5;
/** A name so long that two slips side by side, or two swaps, leave it recognisable (round 13). */
const LONG_NAME = 12;

const twoSlipTarget = (t: PopularName) => t.tier === 1 && !t.common && t.name.replace(/-/g, "").length >= TWO_SLIPS_FROM && !isTechnical(t.name);
/**
 * The names two slips are read from, by their first two letters (kept by the rule: the eye reads a name from its
 * start): a handful per label, compared with it directly, so no index of two-deletion variants is built or queried.
 */
const BY_START = new WeakMap<Universe, Map<string, PopularName[]>>();
function twoSlipTargets(u: Universe, start: string): readonly PopularName[] {
  let m = BY_START.get(u);
  if (!m) {
    BY_START.set(u, (m = new Map()));
    for (const t of u.names.values()) {
      if (!twoSlipTarget(t)) continue;
      addName(m, t.name.slice(0, 2), t);
    }
  }
  return m.get(start) ?? [];
}

/**
 * Two slips apart from each other in a distinctive top-1,000 name of 9+ letters, its first two letters kept (miscrosoft
 * with an o made an a; cloudflare with a letter doubled and an s added). Two changes side by side replace a word and
 * make another name (health+wise/health+line, care+bridge/cam+bridge, arena/aruba+networks: 17 held-out false
 * positives when they counted, 8-letter names a few more). As kept: 0 of 50,000. Round 13: in a name of 12+ letters
 * two swaps count, and the slips may span 4 letters (thecovnresation): still 0 of 50,000.
 */
function twoSlips(u: Universe, bare: string, j: Judged): Reason | undefined {
  if (bare.length < TWO_SLIPS_FROM - 1) return undefined;
  for (const t of twoSlipTargets(u, bare.slice(0, 2))) {
    const target = t.name.replace(/-/g, "");
    if (Math.abs(target.length - bare.length) > 2) continue;
    if (bare.includes(target) || target.includes(bare)) continue;
    // Round 13: in a name of 12+ letters, two swaps are two slips (Levenshtein counts four), and two slips may sit side
    // by side (thecovnresation): so long a name keeps its look. Held-out cost: 0 of 50,000.
    const long = target.length >= LONG_NAME;
    const d = distance(bare, target);
    const swaps = long && d > 2 && d <= 4 && osa(bare, target) === 2;
    if (!swaps && d !== 2) continue;
    let from = 0;
    while (bare[from] === target[from]) from++;
    let end = 0;
    while (end < Math.min(bare.length, target.length) - from && bare.at(-1 - end) === target.at(-1 - end)) end++;
    if (Math.max(bare.length, target.length) - from - end < (long ? TWO_SLIPS_APART - 1 : TWO_SLIPS_APART)) continue;
    const what = swaps ? "two pairs of letters are swapped" : "two letters differ, apart from each other";
    return reason("typo", "MEDIUM", t, `${what} ("${bare}" instead of "${target}")`, j);
  }
  return undefined;
}

/**
 * A top-1,000 name of 6+ letters with one slip a hand makes (typo()'s plausible ones: a swap, a doubled or
 * neighbouring key), glued to lure words (winodwsupdates, getgooogle): the slip and the words together. Held-out
 * cost: 0 of 50,000 (with any one-letter change, 3: charitywatch read as clarity+watch, npcnewsonline, newsshopper).
 */
function slipWithWords(u: Universe, bare: string, j: Judged): Reason | undefined {
  const n = bare.length;
  // Where lure words may end before the name and start after it, found once (as in glued()).
  const starts = [0];
  const ends = [n];
  for (let i = 2; i <= n - 6; i++) if (wordSeqIn(bare, 0, i, 2, FILLERS)) starts.push(i);
  for (let k = n - 2; k >= 6; k--) if (wordSeqIn(bare, k, n, 2, FILLERS)) ends.push(k);
  if (starts.length === 1 && ends.length === 1) return undefined;
  for (const i of starts) {
    for (const k of ends) {
      if (k - i < 6 || (i === 0 && k === n)) continue;
      const m = bare.slice(i, k);
      if (u.names.has(m)) continue;
      for (const t of typoTargets(u, m)) {
        const target = t.name.replace(/-/g, "");
        if (t.tier !== 1 || target.length < 6 || isTechnical(t.name)) continue;
        const slip = typoSlip(m, target);
        if (!slip || slip === "two letters differ" || !plausibleSlip(m, target)) continue;
        const words = [bare.slice(0, i), bare.slice(k)].filter(Boolean).join('", "');
        return reason("typo", "MEDIUM", t, `${slip} ("${m}" instead of "${target}") and the words "${words}" added`, j);
      }
    }
  }
  return undefined;
}

/** Two slips in a long top-1,000 name, or one slip with lure words glued on: the first that explains the name. */
export function stackedSlips(u: Universe, j: Judged): Reason | undefined {
  const bare = j.label.replace(/-/g, "");
  if (bare.length < 7 || /[^a-z]/.test(bare) || u.names.has(bare)) return undefined;
  return twoSlips(u, bare, j) ?? slipWithWords(u, bare, j);
}
