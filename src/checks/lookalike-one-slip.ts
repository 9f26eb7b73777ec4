/**
 * Round 13 (issue 13): one typing slip of a name that typo() does not read (its index holds top-10,000 names of 8+
 * letters, and its slips keep the first letter and add no plural "s"), under two broad conditions where one slip is
 * affordable, each measured on the 50,000 held-out ranks:
 * - under an ending favoured by abusers (.site .store .xyz .top…), any one slip of a top-1,000 name of 6+ letters,
 *   even of its first letter or of an ordinary word (ondroid.site, flickry.xyz): few legitimate sites of the held-out
 *   ranks live there. Held-out cost: 2 of 50,000 (chance.chat, qtarget.tech); with distinctive top-10,000 names as
 *   well, 29 (apkpures.xyz, webtoon.xyz, portal.shop); from 7 letters only, 0 (flickry.xyz then missed).
 * - a vowel written for another vowel, after the first letter, in a national brand's name of 8+ letters (japanpast,
 *   vakifbenk), not among its last two letters: the slip keeps the name's sound, as phishing for a bank or a post does.
 *   Held-out cost: 0 of 50,000 (with the last two letters too, 2: laverita.info, metropolis.io, inflected words); any one slip of a national name of 8+ letters, 25 (polityka.pl, republik.ch), of
 *   6+, 125; a vowel for a vowel in any distinctive top-10,000 name of 8+ letters, 11 (bellamaison, megaplan).
 * Both are cheap per host: the first runs only under those endings, the second is one lookup of the label with its
 * vowels masked.
 */
import { abused } from "./lookalike-endings.ts";
import { reason, type Judged } from "./lookalike-judged.ts";
import { addName, isTechnical, type PopularName, type Universe } from "./lookalike-universe.ts";
import { osa } from "./lookalike-words.ts";
import type { Reason } from "./lookalike.ts";

/** The shortest top-1,000 name read with any slip under an abused ending, and the shortest national name read with a vowel changed. */
const ABUSED_FROM = 6;
const VOWEL_FROM = 8;
const LONGEST = 24;

interface Indexes {
  /** One-deletion variants (and the name itself) of top-1,000 names of 6+ letters: any one edit is found by a few lookups. */
  readonly deletions: Map<string, PopularName[]>;
  /** National names of 8+ letters with their vowels after the first letter masked (japanpost → j*p*np*st). */
  readonly vowelMasked: Map<string, PopularName[]>;
}

const maskVowels = (s: string) => s[0] + s.slice(1).replace(/[aeiou]/g, "*");

const INDEXES = new WeakMap<Universe, Indexes>();
function indexes(u: Universe): Indexes {
  let x = INDEXES.get(u);
  if (x) return x;
  x = { deletions: new Map(), vowelMasked: new Map() };
  INDEXES.set(u, x);
  for (const p of u.names.values()) {
    const n = p.name;
    if (n.length > LONGEST || !/^[a-z]+$/.test(n) || isTechnical(n)) continue;
    if (p.tier === 1 && n.length >= ABUSED_FROM) {
      addName(x.deletions, n, p);
      for (let i = 0; i < n.length; i++) addName(x.deletions, n.slice(0, i) + n.slice(i + 1), p);
    }
    if (p.national && !p.common && n.length >= VOWEL_FROM) addName(x.vowelMasked, maskVowels(n), p);
  }
  return x;
}

/** Top-1,000 names one edit from `bare` (a letter changed, added, dropped, or two neighbours swapped). */
function oneEditFrom(m: Map<string, PopularName[]>, bare: string): PopularName | undefined {
  // A name with its first letter cut is the rest of one split by a dot (yo.utube.digital: judged as youtube elsewhere).
  const near = (list: PopularName[] | undefined) => list?.find((p) => p.name !== bare && p.name.slice(1) !== bare && osa(bare, p.name) === 1);
  let found = near(m.get(bare));
  for (let i = 0; !found && i < bare.length; i++) found = near(m.get(bare.slice(0, i) + bare.slice(i + 1)));
  return found;
}

/** One slip of a top-1,000 name under an abused ending, or a vowel for a vowel in a long national name. */
export function oneSlip(u: Universe, j: Judged): Reason | undefined {
  const bare = j.label.replace(/-/g, "");
  if (bare.length < ABUSED_FROM - 1 || bare.length > LONGEST + 1 || /[^a-z]/.test(bare) || u.names.has(bare)) return undefined;
  const x = indexes(u);
  const slipped = abused(j.suffix) ? oneEditFrom(x.deletions, bare) : undefined;
  if (slipped) return reason("typo", "MEDIUM", slipped, `one letter slipped ("${bare}" instead of "${slipped.name}") under the ending .${j.suffix}, favoured by abusers`, j);
  if (bare.length < VOWEL_FROM) return undefined;
  // A vowel changed among the last two letters is how languages inflect a word (metropoles/metropolis, laverite/laverita).
  const sound = x.vowelMasked.get(maskVowels(bare))?.find((p) => osa(bare, p.name) === 1 && bare.slice(-2) === p.name.slice(-2));
  return sound && reason("typo", "MEDIUM", sound, `a vowel is changed, keeping the name's sound ("${bare}" instead of "${sound.name}")`, j);
}
