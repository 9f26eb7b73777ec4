/**
 * Toll-road smishing (issue 13, round 10): since 2024 text messages about an "unpaid toll" (the Smishing Triad kits)
 * link to names made only of a toll system's word and a US state's code or a lure word (tollwa, va-toll, iltolls,
 * ezp-va, wagood-togo, ezpass-pay). Toll operators run their sites under the state's own names or under gov endings
 * (ezpassny.com; those under a gov ending never reach this check), and no ordinary site is named of these words
 * alone. A name made of nothing but toll words, state codes, lure and notice words, with a toll word and a state code
 * or a lure word, is the sign; a toll system's name alone counts under an ending favoured by abusers or in front of
 * another address (e-zpass.example.xin). Held-out cost: 0 of 50,000 (the agencies' own names, a system's name glued to
 * its state's code, ezpassnj.com, are left alone).
 */
import type { NormalizedUrl } from "./url-normalize.ts";
import type { Reason } from "./lookalike.ts";
import { abused } from "./lookalike-endings.ts";
import { FILLERS, NOTICE_WORDS, WEAK } from "./lookalike-words.ts";

/**
 * Words of US toll systems and their payment (E-ZPass, SunPass, FasTrak, TxTag, Peach Pass, I-PASS, Good To Go,
 * PikePass, NC Quick Pass, the Toll Roads); "ezp" is how E-ZPass is shortened in these kits.
 */
const TOLL = new Set(
  ("toll tolls tollway tollways tollroad tollroads tollpay tollbill tolltag tollservice ezpass ezp sunpass fastrak " +
    "txtag peachpass ipass goodtogo good2go pikepass quickpass").split(" "),
);
/** The toll systems' own names (what an agency names its site after, beside its state's code). */
const SYSTEMS = new Set([...TOLL].filter((w) => !w.startsWith("toll")));
/** US states' and DC's postal codes: the state whose toll the message claims. */
const STATES = new Set(
  ("al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or " +
    "pa ri sc sd tn tx ut vt va wa wv wi wy dc").split(" "),
);
/** Words of the payment notice (pay, due, unpaid) besides the general lure and notice words. */
const NOTICE = new Set([...FILLERS, ...NOTICE_WORDS, "pay", "due", "unpaid", "fine", "balance"]);
/** Every word a toll lure's name is made of. */
const ANY = new Set([...TOLL, ...STATES, ...NOTICE]);
const HINT = /toll|ezp|sunpass|fastrak|txtag|peachpass|ipass|good(?:to|2)go|pikepass|quickpass/;

/**
 * The words of `s` (letters only) when it is made of ANY's words alone, longest word first; undefined otherwise.
 * Positions that cannot be parsed are remembered, so a crafted name costs O(length × word length), not more.
 */
function wordsOf(s: string, from = 0, dead: Set<number> = new Set()): string[] | undefined {
  if (from === s.length) return [];
  if (dead.has(from)) return undefined;
  for (let e = Math.min(s.length, from + 12); e >= from + 2; e--) {
    const w = s.slice(from, e);
    if (!ANY.has(w)) continue;
    const rest = wordsOf(s, e, dead);
    if (rest) return [w, ...rest];
  }
  dead.add(from);
  return undefined;
}

/** What makes a label a toll lure's name, in words, or undefined: `alone` lets a toll system's name stand alone. */
function tollName(label: string, alone: boolean): string | undefined {
  // "2" read as "to" (mygood-2go), other digits as separators; hyphens dropped.
  const bare = label.replace(/(?<=good)-?2-?(?=go)/g, "to").replace(/[-\d]/g, "");
  if (!HINT.test(bare) || bare.length > 40) return undefined;
  const words = wordsOf(bare);
  if (!words?.some((w) => TOLL.has(w))) return undefined;
  // A toll system's own name glued to its state's code is how the agencies name their sites (ezpassnj, e-zpassny,
  // ezpassva, ezpassmd): not the generic "toll" (tollwa), nor the two written apart (ezp-va).
  const glued = !label.replace(/^e-z/, "ez").includes("-") && words.length === 2 && words.some((w) => STATES.has(w));
  if (glued && words.some((w) => SYSTEMS.has(w))) return undefined;
  const sign = words.some((w) => STATES.has(w) || (NOTICE.has(w) && !WEAK.has(w) && !TOLL.has(w)));
  if (sign) return `is made of a toll system's name and a state's code or lure words (${words.join(" ")})`;
  return alone && words.every((w) => TOLL.has(w)) ? "is a toll system's name" : undefined;
}

/** A toll lure's name as the registrable name or a label in front of another address, or undefined. */
export function tollReason(n: NormalizedUrl, tenant: { label: string; host: string } | undefined): Reason | undefined {
  if (!HINT.test(n.host) && !(n.host.includes("-") && HINT.test(n.host.replace(/-/g, "")))) return undefined;
  const labels = n.host.slice(0, n.host.length - n.suffix.length - 1).split(".");
  const own = labels.length - 1;
  for (const [at, l] of labels.entries()) {
    if (l.startsWith("xn--")) continue;
    const front = at < own;
    const what = tollName(l, front || !!tenant || abused(n.suffix));
    if (!what) continue;
    const where = front ? `is put in front of the unrelated address ${n.registrable}` : tenant ? `is on the free hosting service ${tenant.host}` : "is a name anyone can buy";
    return { kind: front ? "subdomain" : "name", level: "MEDIUM", text: `looks like a toll road's payment site but is not: "${l}" ${what}, and ${where}` };
  }
  return undefined;
}
