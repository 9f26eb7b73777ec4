/**
 * Round 11: a long top-1,000 name spelt as it sounds (fasebuk-style: c/k/q/s written for each other, ph for f, a vowel
 * changed, a letter doubled or dropped). Two or three such changes are more than typo() and stackedSlips() accept, yet
 * the name still reads and sounds the same: the spelling of a lure written by ear or made to dodge exact-match filters.
 */
import { reason, type Judged } from "./lookalike-judged.ts";
import { addName, isTechnical, type PopularName, type Universe } from "./lookalike-universe.ts";
import type { Reason } from "./lookalike.ts";

/**
 * The shortest top-1,000 name read by its sound: shorter ones share their sounds with many other names (typeset for
 * typekit, myspike for myspace: 2 more held-out false positives of 50,000 with 7-letter names).
 */
const SOUND_FROM = 8;

/**
 * A name's sound key: ph read as f, c/k/q/s/z/x as one hissing-or-hard sound, a run of vowels as one vowel, doubled
 * sounds made one. facebook, fasebaook and faseback share "fVKVbVK"; the consonants keep their places between vowels.
 */
export function soundKey(s: string): string {
  let out = "";
  const t = s.replace(/ph/g, "f");
  for (let i = 0; i < t.length; i++) {
    let c = t[i]!;
    if ("ckqszx".includes(c)) c = "K";
    else if ("aeiouy".includes(c)) c = "V";
    if (out.at(-1) !== c) out += c;
  }
  return out;
}

/** The targets by their ends (first two letters, last letter) and sound key: a label's ends are checked before its key is made. */
interface SoundIndex { readonly ends: Set<number>; readonly byKey: Map<string, PopularName[]> }
const BY_SOUND = new WeakMap<Universe, SoundIndex>();
/** A label's first two and last letters as one number (no string made for the labels turned away). */
const endsOf = (s: string) => (s.charCodeAt(0) << 16) | (s.charCodeAt(1) << 8) | s.charCodeAt(s.length - 1);
function soundIndex(u: Universe): SoundIndex {
  let x = BY_SOUND.get(u);
  if (!x) {
    const m = new Map<string, PopularName[]>();
    BY_SOUND.set(u, (x = { ends: new Set(), byKey: m }));
    for (const t of u.names.values()) {
      if (t.tier !== 1 || t.common || t.national || t.name.length < SOUND_FROM || !/^[a-z]+$/.test(t.name) || isTechnical(t.name)) continue;
      x.ends.add(endsOf(t.name));
      addName(m, `${t.name.slice(0, 2)}${t.name.at(-1)}${soundKey(t.name)}`, t);
    }
  }
  return x;
}

/**
 * A name of letters only, no popular name itself, that sounds like a distinctive top-1,000 name of 8+ letters
 * (soundKey), with the same first two letters and last letter (the eye reads a name from its start) and a length
 * within one of it. Held-out cost: 0 of 50,000; with the first letter only kept, 2 (macloud for myqcloud, mycpanel for
 * mixpanel), and 9 from 7 letters (shappify, gaydaddy, hexclad…); with vowels and h, w, y dropped instead of kept as
 * one, 46 (tooter for twitter, beyonce for behance).
 */
export function soundAlike(u: Universe, j: Judged): Reason | undefined {
  const bare = j.label;
  if (bare.length < SOUND_FROM - 1) return undefined;
  const x = soundIndex(u);
  // Most labels share no target's first two and last letters: no key is made for them (0.34 µs a label).
  if (!x.ends.has(endsOf(bare)) || !/^[a-z]+$/.test(bare) || u.names.has(bare)) return undefined;
  for (const t of x.byKey.get(`${bare.slice(0, 2)}${bare.at(-1)}${soundKey(bare)}`) ?? []) {
    if (Math.abs(t.name.length - bare.length) > 1 || t.name.slice(0, 2) !== bare.slice(0, 2) || t.name.at(-1) !== bare.at(-1) || t.name === bare) continue;
    return reason("typo", "MEDIUM", t, `it is spelt as "${t.name}" sounds ("${bare}" instead of "${t.name}")`, j);
  }
  return undefined;
}
